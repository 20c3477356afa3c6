import { createHash } from 'node:crypto';
import type { Host } from '../inventory/schema.js';

/** Kernel arguments every installed node boots with (reference: config module). */
export const BASE_KERNEL_ARGS = ['apparmor=0', 'init_on_alloc=0', 'init_on_free=0', 'mitigations=off', 'security=none'] as const;

/** What the image factory needs to build a node's installer: one schematic per distinct spec. */
export interface InstallSpec {
  /** Official extensions, full names (`siderolabs/iscsi-tools`), sorted, unique. */
  readonly extensions: readonly string[];
  readonly extraKernelArgs: readonly string[];
  readonly secureboot: boolean;
  readonly architecture: 'amd64' | 'arm64';
  readonly platform: string;
  readonly sbc: string;
}

const LONGHORN_EXTENSIONS = ['iscsi-tools', 'util-linux-tools'];
const NVIDIA_EXTENSIONS = ['nonfree-kmod-nvidia-lts', 'nvidia-container-toolkit-lts'];

/** The install spec of a host: its extensions plus those its features need, kernel args for 1G hugepages. */
export function installSpecOf(host: Host): InstallSpec {
  const short = [
    ...host.install.extensions,
    ...(host.features.longhorn ? LONGHORN_EXTENSIONS : []),
    ...(host.features.nvidia ? NVIDIA_EXTENSIONS : []),
  ];
  const hp = host.features.hugepages;
  return {
    extensions: [...new Set(short.map((e) => `siderolabs/${e}`))].sort(),
    extraKernelArgs: [...BASE_KERNEL_ARGS, ...(hp?.size === '1G' ? ['default_hugepagesz=1G', 'hugepagesz=1G', `hugepages=${hp.count}`] : [])],
    secureboot: host.install.secureboot,
    architecture: host.install.architecture,
    platform: host.install.platform,
    sbc: host.install.sbc,
  };
}

/** A stable key for grouping hosts that share one installer image. */
export function installSpecKey(spec: InstallSpec): string {
  return JSON.stringify([spec.extensions, spec.extraKernelArgs, spec.secureboot, spec.architecture, spec.platform, spec.sbc]);
}

export interface SchematicCustomization {
  readonly extraKernelArgs?: readonly string[];
  readonly officialExtensions?: readonly string[];
  readonly secureboot?: boolean;
}

/**
 * The schematic in the image factory's canonical form: the YAML its Go encoder writes (4-space indent,
 * indented sequences, empty fields omitted, fields in struct order), so that its SHA-256 is the schematic
 * id the factory answers with. Verified against ids the factory returned (see test/infra/schematic.test.ts).
 */
export function schematicYaml(c: SchematicCustomization): string {
  const lines: string[] = [];
  const list = (indent: string, items: readonly string[]): void => {
    for (const item of items) lines.push(`${indent}- ${goYamlScalar(item)}`);
  };
  if (c.extraKernelArgs?.length) {
    lines.push('    extraKernelArgs:');
    list('        ', c.extraKernelArgs);
  }
  if (c.officialExtensions?.length) {
    lines.push('    systemExtensions:', '        officialExtensions:');
    list('            ', c.officialExtensions);
  }
  if (c.secureboot) lines.push('    secureboot:', '        includeWellKnownCertificates: true');
  return lines.length ? `customization:\n${lines.join('\n')}\n` : 'customization: {}\n';
}

/** Plain scalars stay plain; anything YAML would misread is double-quoted as Go's encoder does. */
function goYamlScalar(s: string): string {
  return /^[A-Za-z0-9_./=-][A-Za-z0-9_./=:-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[0-9.+-]+$/.test(s) ? s : JSON.stringify(s);
}

/** The image factory's schematic id: SHA-256 of the canonical schematic YAML. */
export function schematicId(yaml: string): string {
  return createHash('sha256').update(yaml).digest('hex');
}

export function customizationOf(spec: InstallSpec): SchematicCustomization {
  return { extraKernelArgs: spec.extraKernelArgs, officialExtensions: spec.extensions, secureboot: spec.secureboot };
}
