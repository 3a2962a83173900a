/** The rule registry: every rule module, in documentation order. */
import type { Rule } from '../rule';
import apiserverAuthorizationMode from './apiserver-authorization-mode';
import apiserverAuditPolicyFile from './apiserver-audit-policy-file';
import apiserverAuditLogMode from './apiserver-audit-log-mode';
import apiserverAuditLogPath from './apiserver-audit-log-path';
import apiserverAuditLogMaxage from './apiserver-audit-log-maxage';
import apiserverAuditLogMaxbackup from './apiserver-audit-log-maxbackup';
import apiserverAuditLogMaxsize from './apiserver-audit-log-maxsize';
import auditPolicyRules from './audit-policy-rules';
import controlPlaneTlsMinVersion from './control-plane-tls-min-version';
import controlPlaneTlsCipherSuites from './control-plane-tls-cipher-suites';
import controllerManagerServiceAccountCredentials from './controller-manager-service-account-credentials';
import kubeletAnonymousAuth from './kubelet-anonymous-auth';
import kubeletAuthorizationMode from './kubelet-authorization-mode';
import kubeletStreamingConnectionIdleTimeout from './kubelet-streaming-connection-idle-timeout';
import rke2CisProfile from './rke2-cis-profile';
import rke2KubeletFlags from './rke2-kubelet-flags';
import rke2WriteKubeconfigMode from './rke2-write-kubeconfig-mode';
import allowPrivilegeEscalation from './allow-privilege-escalation';
import apiserverAnonymousAuth from './apiserver-anonymous-auth';
import admissionConfigurationChoice from './admission-configuration-choice';
import apiserverBasicAuthFile from './apiserver-basic-auth-file';
import apiserverClientCaFile from './apiserver-client-ca-file';
import apiserverEncryptionProviderConfig from './apiserver-encryption-provider-config';
import apiserverEtcdTls from './apiserver-etcd-tls';
import apiserverKubeletClientCertificate from './apiserver-kubelet-client-certificate';
import apiserverRequestTimeout from './apiserver-request-timeout';
import apiserverSecurePort from './apiserver-secure-port';
import apiserverTlsFiles from './apiserver-tls-files';
import apiserverTokenAuthFile from './apiserver-token-auth-file';
import apiserverValidatingAdmissionWebhook from './apiserver-validating-admission-webhook';
import apparmor from './apparmor';
import capabilitiesBaseline from './capabilities-baseline';
import capabilitiesRestricted from './capabilities-restricted';
import controllerManagerBindAddress from './controller-manager-bind-address';
import controllerManagerProfiling from './controller-manager-profiling';
import controllerManagerRootCaFile from './controller-manager-root-ca-file';
import defaultNamespaceWorkload from './default-namespace-workload';
import etcdClientTls from './etcd-client-tls';
import etcdPeerTls from './etcd-peer-tls';
import featureGates from './feature-gates';
import hostNamespaces from './host-namespaces';
import hostPathVolumes from './host-path-volumes';
import hostPorts from './host-ports';
import hostProbes from './host-probes';
import hostProcess from './host-process';
import kubeletClientCaFile from './kubelet-client-ca-file';
import kubeletHostnameOverride from './kubelet-hostname-override';
import kubeletProtectKernelDefaults from './kubelet-protect-kernel-defaults';
import kubeletReadOnlyPort from './kubelet-read-only-port';
import kubeletStaticPodPath from './kubelet-static-pod-path';
import kubeletTlsFiles from './kubelet-tls-files';
import kubernetesDashboard from './kubernetes-dashboard';
import privileged from './privileged';
import privilegedHostPorts from './privileged-host-ports';
import procMount from './proc-mount';
import podSecurityAdmissionRestricted from './pod-security-admission-restricted';
import podSecurityLabels from './pod-security-labels';
import procMountRestricted from './proc-mount-restricted';
import restrictedVolumes from './restricted-volumes';
import rke2ConfigRecognized from './rke2-config-recognized';
import runAsNonRoot from './run-as-non-root';
import runAsUser from './run-as-user';
import schedulerBindAddress from './scheduler-bind-address';
import secretInEnv from './secret-in-env';
import seccompBaseline from './seccomp-baseline';
import seccompRestricted from './seccomp-restricted';
import selinux from './selinux';
import suppressionReason from './suppression-reason';
import sysctls from './sysctls';
import templateUnchecked from './template-unchecked';
import systemNamespaceWorkload from './system-namespace-workload';
import unusedSuppression from './unused-suppression';
import yamlSyntax from './yaml-syntax';

export const ALL_RULES: Rule[] = [
  // Pod Security Standards, baseline
  hostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbes,
  apparmor,
  selinux,
  procMount,
  seccompBaseline,
  sysctls,
  // Pod Security Standards, restricted
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
  procMountRestricted,
  // Pod Security Admission: namespace labels and cluster configuration
  podSecurityLabels,
  admissionConfigurationChoice,
  podSecurityAdmissionRestricted,
  // STIG rules beyond the Pod Security Standards
  kubeletProtectKernelDefaults,
  systemNamespaceWorkload,
  defaultNamespaceWorkload,
  secretInEnv,
  // STIG node configuration: RKE2 configs, static pods, KubeletConfigurations, audit policies
  rke2CisProfile,
  rke2WriteKubeconfigMode,
  controlPlaneTlsMinVersion,
  controlPlaneTlsCipherSuites,
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  apiserverAuditPolicyFile,
  apiserverAuditLogMode,
  apiserverAuditLogPath,
  apiserverAuditLogMaxage,
  apiserverAuditLogMaxbackup,
  apiserverAuditLogMaxsize,
  auditPolicyRules,
  controllerManagerBindAddress,
  controllerManagerServiceAccountCredentials,
  kubeletAnonymousAuth,
  kubeletAuthorizationMode,
  kubeletReadOnlyPort,
  kubeletStreamingConnectionIdleTimeout,
  rke2KubeletFlags,
  // Kubernetes STIG node configuration: static pods, KubeletConfigurations, RKE2 configs
  etcdClientTls,
  etcdPeerTls,
  apiserverEtcdTls,
  apiserverTlsFiles,
  apiserverClientCaFile,
  apiserverKubeletClientCertificate,
  apiserverSecurePort,
  apiserverRequestTimeout,
  apiserverTokenAuthFile,
  apiserverBasicAuthFile,
  apiserverEncryptionProviderConfig,
  apiserverValidatingAdmissionWebhook,
  controllerManagerProfiling,
  controllerManagerRootCaFile,
  schedulerBindAddress,
  kubeletClientCaFile,
  kubeletTlsFiles,
  kubeletHostnameOverride,
  kubeletStaticPodPath,
  featureGates,
  // Kubernetes STIG workload rules
  kubernetesDashboard,
  privilegedHostPorts,
  // reported by the engine itself
  yamlSyntax,
  templateUnchecked,
  rke2ConfigRecognized,
  unusedSuppression,
  suppressionReason,
];
