// The network-segmentation model (platform.md §1–3, §7; SPEC §3.4): typed peers, ports and policies,
// namespaces with profiles or hand-crafted policies, shared-resource grants, the escape hatch and the
// reachability evaluator.
export * from './access.js';
export * from './alerts.js';
export * from './cidr.js';
export * from './invariants.js';
export * from './labels.js';
export * from './namespaces.js';
export * from './peers.js';
export * from './policy.js';
export * from './ports.js';
export * from './priority-class.js';
export * from './profiles.js';
export * from './reachability.js';
export * from './report.js';
export * from './system.js';
