-- podsec in headless Neovim (0.7+, push diagnostics only): attach the language server to a
-- manifest, check its diagnostics and hover, apply a quick fix and fix-all through
-- textDocument/codeAction, write the file, and check the diagnostics clear and the file is right.
-- Run by run.sh, which sets SERVER_CMD (the installed podsec-language-server), YAML_FILE and
-- EXPECTED_FILE.
local file = assert(os.getenv('YAML_FILE'), 'YAML_FILE')
local server = assert(os.getenv('SERVER_CMD'), 'SERVER_CMD')
local expected_file = assert(os.getenv('EXPECTED_FILE'), 'EXPECTED_FILE')

local t0 = vim.loop.hrtime()
local passed, failed = 0, 0
local function log(msg)
  io.stdout:write(string.format('[%.2fs] %s\n', (vim.loop.hrtime() - t0) / 1e9, msg))
end
local function finish()
  io.stdout:write(string.format('nvim: %d passed, %d failed\n', passed, failed))
  if failed > 0 then vim.cmd('cquit! 1') else vim.cmd('qall!') end
end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    log('ok   ' .. name)
  else
    failed = failed + 1
    log('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'yaml'

local client_id = vim.lsp.start_client({
  name = 'podsec',
  cmd = { server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  -- Neovim 0.7 does not offer workspace/configuration: settings go in initializationOptions
  init_options = { settings = { delayMs = 0 } },
  flags = { debounce_text_changes = 0 },
})
if not check('the server starts', client_id ~= nil) then return finish() end
vim.lsp.buf_attach_client(bufnr, client_id)

local function podsec_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'podsec' then table.insert(out, d) end
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return out
end
local function lsp_code(d) return (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code end

-- 1. diagnostics on attach
local attached = vim.wait(30000, function() return #podsec_diagnostics() == 5 end, 20)
local diags = podsec_diagnostics()
if not check('five diagnostics on attach', attached, vim.inspect(diags)) then return finish() end
local privileged
for _, d in ipairs(diags) do
  if lsp_code(d) == 'privileged' then privileged = d end
end
check('the privileged finding, exactly placed', privileged ~= nil
  and privileged.lnum == 10 and privileged.col == 8 and privileged.end_lnum == 10 and privileged.end_col == 24
  and privileged.severity == vim.diagnostic.severity.ERROR
  and privileged.message == "Container 'web' runs privileged (privileged: true): it has full access to the node.",
  vim.inspect(privileged))
if not privileged then return finish() end

-- 2. hover on the flagged value
local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 10, character = 12 },
}, 10000)
local hover_text = ''
for _, r in pairs(hover or {}) do
  if r.result and r.result.contents then hover_text = r.result.contents.value or '' end
end
check('hover card names the rule and why it matters',
  hover_text:find('**Privileged containers** `privileged`', 1, true) ~= nil and hover_text:find('**Why it matters:**', 1, true) ~= nil,
  hover_text)

-- 3. the quick fix, found by the diagnostic as the client sends it back (the file is ASCII, so
-- byte columns are UTF-16 columns)
local lsp_diag = {
  range = { start = { line = privileged.lnum, character = privileged.col }, ['end'] = { line = privileged.end_lnum, character = privileged.end_col } },
  severity = privileged.severity, source = privileged.source, code = lsp_code(privileged), message = privileged.message,
}
local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag } },
}, 10000)
local fix, titles = nil, {}
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    table.insert(titles, a.title)
    if a.title == "Set privileged: false in container 'web'" then fix = a end
  end
end
check('code actions offered', table.concat(titles, ' | ') ==
  "Set privileged: false in container 'web' | Disable privileged for this line | Show documentation for privileged | Fix all podsec problems in this file",
  table.concat(titles, ' | '))
if not check('quick fix offered', fix ~= nil) then return finish() end
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
check('quick fix edits the value only',
  vim.api.nvim_buf_get_lines(bufnr, 10, 11, false)[1] == '        privileged: false')
vim.cmd('silent write')
local cleared = vim.wait(10000, function()
  local now = podsec_diagnostics()
  if #now ~= 4 then return false end
  for _, d in ipairs(now) do if lsp_code(d) == 'privileged' then return false end end
  return true
end, 20)
check('the privileged diagnostic clears', cleared, vim.inspect(podsec_diagnostics()))

-- 4. fix-all
local all = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
  context = { diagnostics = {}, only = { 'source.fixAll.podsec' } },
}, 10000)
local fix_all
for _, r in pairs(all or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.kind == 'source.fixAll.podsec' then fix_all = a end
  end
end
if check('fix-all offered', fix_all ~= nil) then
  vim.lsp.util.apply_workspace_edit(fix_all.edit, 'utf-16')
  vim.cmd('silent write')
  check('no diagnostics after fix-all', vim.wait(10000, function() return #podsec_diagnostics() == 0 end, 20),
    vim.inspect(podsec_diagnostics()))
  local got = table.concat(vim.fn.readfile(file), '\n')
  local want = table.concat(vim.fn.readfile(expected_file), '\n')
  check('the written file is the expected one', got == want, '\n' .. got)
end

vim.lsp.stop_client(client_id)
finish()
