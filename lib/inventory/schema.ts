import { parse as parseCel } from '@bufbuild/cel';
import { z } from '../core/zod.js';
import { isCidr, isIpv4, isMac } from './ip.js';

/** What a host is for. Cluster members are control planes or workers; other hosts are `pxe` or `none`. */
export const HOST_ROLES = ['controlplane', 'worker', 'pxe', 'none'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

/** A host outside every cluster (a spare, a Raspberry Pi serving something else). */
export const NO_CLUSTER = 'none';

/** Hugepage sizes the kernel and Talos support here (reference: config module validation). */
export const HUGEPAGE_SIZES = ['2M', '1G'] as const;

const ipv4 = z.string().refine(isIpv4, { message: 'malformed IPv4 address (expected a.b.c.d)' });
const cidr = z.string().refine(isCidr, { message: 'malformed CIDR (expected the network address a.b.c.d/n)' });
const mac = z.string().refine(isMac, { message: 'malformed MAC address (expected six lower-case hex pairs separated by ":")' });
const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be a DNS label (lower-case letters, digits, "-")' });

/** A CEL expression Talos evaluates over a disk (`disk.model == 'x'`, `system_disk == true`): it must parse. */
const celSelector = z
  .string()
  .min(1, { message: 'a disk selector is required' })
  .superRefine((expr, ctx) => {
    try {
      parseCel(expr);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a valid CEL expression: ${String((e as Error).message).replace(/^<input>:/, 'at ')}` });
    }
  });

/** Talos labels a user volume's partition `u-<name>`, and a GPT partition label holds 36 characters. */
export const VOLUME_NAME_MAX = 34;

/** How Talos is installed on a host: the disk (a CEL selector) and the image-factory customization. */
export const installSchema = z.strictObject({
  /** CEL expression over `disk` selecting the install disk, e.g. `disk.model == 'Micron_5100_MTFD'`. */
  selector: celSelector,
  /** Official system extensions, short names (`iscsi-tools`); features add theirs. */
  extensions: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).default([]),
  architecture: z.enum(['amd64', 'arm64']).default('amd64'),
  platform: z.string().default('metal'),
  sbc: z.string().default(''),
  secureboot: z.boolean().default(false),
});

/** A disk (or part of the system disk) handed to workloads as `/var/mnt/<name>`. */
export const volumeSchema = z.strictObject({
  /** The partition label is `u-<name>`: renaming a volume orphans its data (test/infra/volumes.test.ts). */
  name: dnsLabel.refine((n) => n.length <= VOLUME_NAME_MAX, { message: `a volume name is at most ${VOLUME_NAME_MAX} characters (Talos labels its partition u-<name>, 36 at most)` }),
  /** CEL expression over `disk`: `system_disk == true` or e.g. `disk.dev_path == '/dev/sdb'`. */
  selector: celSelector,
  maxSize: z.string().regex(/^(100|[1-9]?\d)%$/, { message: 'must be a percentage such as "50%"' }),
  tags: z.array(z.string().min(1)).default([]),
});

export const bondSchema = z.strictObject({
  /** Permanent MAC addresses of the bonded links. */
  links: z.array(mac).min(1, { message: 'a bond needs at least one link' }),
  /** Static addresses, without prefix length (it comes from the node subnet). */
  addresses: z.array(ipv4).min(1, { message: 'a bond needs at least one address' }),
  vlans: z.array(z.int().min(1).max(4094)).default([]),
  mtu: z.int().min(576).max(9216).default(1500),
  mode: z.enum(['active-backup', '802.3ad']).default('active-backup'),
});

export const hostFeaturesSchema = z.strictObject({
  hugepages: z
    .strictObject({
      size: z.enum(HUGEPAGE_SIZES, { message: `hugepage size must be one of ${HUGEPAGE_SIZES.join(', ')}` }),
      count: z.int().positive({ message: 'hugepage count must be > 0' }),
    })
    .optional(),
  /** An NVIDIA GPU: adds the driver extensions, kernel modules and the `nvidia.com/gpu.present` label. */
  nvidia: z.boolean().default(false),
  /** Contributes its volumes to Longhorn: iSCSI extensions, the default-disk label and annotation. */
  longhorn: z.boolean().default(false),
});

export const hostSchema = z.strictObject({
  hostname: dnsLabel,
  /** The cluster the host belongs to (a key of the inventory's cluster networks), or `none`. */
  cluster: dnsLabel,
  role: z.enum(HOST_ROLES, { message: `role must be one of ${HOST_ROLES.join(', ')}` }),
  install: installSchema,
  volumes: z.array(volumeSchema).default([]),
  bonds: z.array(bondSchema).min(1, { message: 'a host needs at least one bond' }),
  labels: z.record(z.string().min(1), z.string()).default({}),
  features: hostFeaturesSchema.default({ nvidia: false, longhorn: false }),
});

export type HostInput = z.input<typeof hostSchema>;
export type Host = z.output<typeof hostSchema>;
export type Volume = Host['volumes'][number];
export type Bond = Host['bonds'][number];
export type InstallSpec = Host['install'];

/** Site-wide facts (networking.hcl): the node subnet, DNS, NTP, the BGP router. */
export const siteSchema = z.strictObject({
  domains: z.strictObject({ internal: z.string().min(1), external: z.string().min(1) }),
  nodeSubnet: cidr,
  nameservers: z.array(ipv4).min(1, { message: 'at least one nameserver is required' }),
  timeservers: z.array(z.string().min(1)).min(1, { message: 'at least one time server is required' }),
  bgp: z.strictObject({ routerIp: ipv4, routerAsn: z.int().min(64512).max(65534) }),
  /**
   * Named LAN endpoints outside the clusters (appliances such as the UniFi controller): constructs refer to
   * them by name, so their addresses live here once.
   */
  endpoints: z.record(dnsLabel, z.strictObject({ address: ipv4, description: z.string().min(1) })).default({}),
});
export type SiteInput = z.input<typeof siteSchema>;
export type Site = z.output<typeof siteSchema>;

const domain = z.string().regex(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/, { message: 'must be a DNS domain (lower-case letters, digits, ".", "-")' });

/** The network facts of one cluster (reference: infra.md §1, networking.hcl `clusters.<n>`). */
export const clusterNetworkSchema = z.strictObject({
  /** Cilium cluster id (unique per site). */
  id: z.int().positive(),
  internalDomain: domain,
  externalDomain: domain,
  nodeSubnet: cidr,
  podSubnet: cidr,
  serviceSubnet: cidr,
  vip: ipv4,
  ipPool: z.strictObject({ start: ipv4, stop: ipv4 }),
  ingress: z.strictObject({ internal: ipv4, external: ipv4 }),
  bgpAsn: z.int().min(64512).max(65534),
  nameservers: z.array(ipv4).min(1),
  timeservers: z.array(z.string().min(1)).min(1),
  /** Set on the one cluster that serves network boot: the PXE server's LoadBalancer address (in the pool). */
  pxe: z.strictObject({ serverIp: ipv4 }).optional(),
});
export type ClusterNetworkInput = z.input<typeof clusterNetworkSchema>;
export type ClusterNetwork = z.infer<typeof clusterNetworkSchema>;

export { cidr as cidrSchema, ipv4 as ipv4Schema };
