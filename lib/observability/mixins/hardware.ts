// Hardware: BMCs (IPMI), disks (SMART), the UPS (SNMP) and the GPU (DCGM). Targets come from the inventory.
import type { ComponentMonitoring } from '../component.js';
import { componentRules } from './helpers.js';

const FILE = 'lib/observability/mixins/hardware.ts';

/** One scalar object of a MIB the SNMP exporter reads and exports as a gauge of the same name. */
export interface SnmpScalar {
  readonly name: string;
  /** Object OID (the exporter reads instance `<oid>.0`). */
  readonly oid: string;
  readonly help: string;
}

const CPS = '1.3.6.1.4.1.3808.1.1.1';
/**
 * The CyberPower UPS objects (CPS-MIB, enterprise 3808) the UPS alerts and power panels read. The snmp_exporter
 * image ships no CyberPower module, so the exporter gets one built from this list (clusters/hardware-monitoring.ts)
 * and the metric catalog takes its names from the same list. OIDs as in CPS-MIB (also read by NUT's
 * cyberpower-mib driver); units are the MIB's (tenths of volts and hertz, TimeTicks for runtime).
 */
export const CYBERPOWER_UPS_OBJECTS: readonly SnmpScalar[] = [
  { name: 'upsBaseBatteryStatus', oid: `${CPS}.2.1.1`, help: 'Battery status: 1 unknown, 2 normal, 3 low' },
  { name: 'upsAdvanceBatteryCapacity', oid: `${CPS}.2.2.1`, help: 'Remaining battery capacity, percent' },
  { name: 'upsAdvanceBatteryTemperature', oid: `${CPS}.2.2.3`, help: 'Battery temperature, degrees Celsius' },
  { name: 'upsAdvanceBatteryRunTimeRemaining', oid: `${CPS}.2.2.4`, help: 'Runtime left on battery, TimeTicks (1/100 s)' },
  { name: 'upsAdvanceBatteryReplaceIndicator', oid: `${CPS}.2.2.5`, help: 'Battery replacement: 1 not needed, 2 needed' },
  { name: 'upsAdvanceInputLineVoltage', oid: `${CPS}.3.2.1`, help: 'Input line voltage, tenths of a volt' },
  { name: 'upsAdvanceInputFrequency', oid: `${CPS}.3.2.4`, help: 'Input frequency, tenths of a hertz' },
  { name: 'upsBaseOutputStatus', oid: `${CPS}.4.1.1`, help: 'Output status: 2 on line, 3 on battery, 4 on boost, 9 on bypass, 10 on buck' },
  { name: 'upsAdvanceOutputVoltage', oid: `${CPS}.4.2.1`, help: 'Output voltage, tenths of a volt' },
  { name: 'upsAdvanceOutputFrequency', oid: `${CPS}.4.2.2`, help: 'Output frequency, tenths of a hertz' },
  { name: 'upsAdvanceOutputLoad', oid: `${CPS}.4.2.3`, help: 'Output load, percent of capacity' },
  { name: 'upsAdvanceOutputCurrent', oid: `${CPS}.4.2.4`, help: 'Output current, tenths of an ampere' },
  { name: 'upsAdvanceOutputPower', oid: `${CPS}.4.2.5`, help: 'Output power, watts' },
];

export const ipmiMonitoring: ComponentMonitoring = {
  component: 'prometheus-ipmi-exporter',
  sources: [{ component: 'ipmi-exporter', metrics: ['ipmi_temperature_celsius', 'ipmi_fan_speed_rpm', 'ipmi_sensor_state', 'ipmi_sensor_value', 'ipmi_dcmi_power_consumption_watts', 'ipmi_chassis_power_state', 'ipmi_up', 'ipmi_sel_logs_count'], scrapeIntervalSeconds: 60 }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'prometheus-ipmi-exporter', file: FILE, runbook: 'hardware.md' });
    group('ipmi')
      .alert({ alert: 'HighCpuTemperature', severity: 'critical', for: '5m', expr: 'ipmi_temperature_celsius{name=~"(?i)cpu.*temp.*"} > 85', summary: '{{ $labels.name }} on {{ $labels.instance }} is at {{ $value }} °C', description: 'The CPU throttles and may shut down. Check fans, dust and the room temperature.' })
      .alert({ alert: 'FanSpeedCritical', severity: 'critical', for: '5m', expr: 'ipmi_fan_speed_rpm > 0 < 500', summary: 'Fan {{ $labels.name }} on {{ $labels.instance }} spins at {{ $value }} RPM', description: 'A failing fan; temperatures will follow. Replace it.' })
      .alert({ alert: 'PowerSupplyDegraded', severity: 'critical', for: '5m', expr: 'ipmi_sensor_state{type="Power Supply"} > 0', summary: 'Power supply sensor {{ $labels.name }} on {{ $labels.instance }} reports {{ $value }}', description: '1 is a warning, 2 critical: a PSU lost input or failed; the server runs without redundancy.' })
      .alert({ alert: 'IpmiScrapeFailing', severity: 'warning', for: '15m', expr: 'ipmi_up == 0', summary: 'The BMC of {{ $labels.instance }} does not answer IPMI', description: 'Temperature, fan and PSU alerts for this host are blind. Check the BMC network and credentials.' });
  },
};

export const smartctlMonitoring: ComponentMonitoring = {
  component: 'prometheus-smartctl-exporter',
  sources: [{ component: 'smartctl-exporter', metrics: ['smartctl_device_temperature', 'smartctl_device_smart_status', 'smartctl_device_error_log_count', 'smartctl_device_attribute', 'smartctl_device_power_on_seconds', 'smartctl_device_percentage_used', 'smartctl_device_bytes_read', 'smartctl_device_bytes_written', 'smartctl_device', 'smartctl_device_media_errors'], scrapeIntervalSeconds: 60 }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'prometheus-smartctl-exporter', file: FILE, runbook: 'hardware.md' });
    group('smart')
      .alert({ alert: 'DiskTemperatureHigh', severity: 'warning', for: '10m', expr: 'smartctl_device_temperature{temperature_type="current"} > 55', summary: 'Disk {{ $labels.device }} on {{ $labels.instance }} is at {{ $value }} °C', description: 'Hot disks fail early. Check airflow.' })
      .alert({ alert: 'DiskSmartPreFailure', severity: 'critical', expr: 'smartctl_device_smart_status != 1', summary: 'Disk {{ $labels.device }} on {{ $labels.instance }} fails its SMART self-assessment', description: 'The disk predicts its own failure. Evict Longhorn replicas from it and replace it.' })
      .alert({ alert: 'DiskSmartErrorLog', severity: 'warning', expr: 'smartctl_device_error_log_count > 0', summary: 'Disk {{ $labels.device }} on {{ $labels.instance }} logged {{ $value }} errors', description: 'Read `smartctl -a` for the entries; recurring errors mean replacement.' })
      .alert({ alert: 'DiskWearLevelHigh', severity: 'warning', expr: 'smartctl_device_attribute{attribute_name="Percent_Lifetime_Remain", attribute_value_type="value"} < 20', summary: 'SSD {{ $labels.device }} on {{ $labels.instance }} has {{ $value }}% life left', description: 'Plan its replacement.' });
  },
};

export const upsMonitoring: ComponentMonitoring = {
  component: 'prometheus-snmp-exporter',
  sources: [
    { component: 'snmp-exporter (UPS, cyberpower module)', metrics: CYBERPOWER_UPS_OBJECTS.map((o) => o.name), scrapeIntervalSeconds: 60 },
    { component: 'snmp-exporter (if_mib)', metrics: ['ifHCInOctets', 'ifHCOutOctets', 'ifOperStatus', 'ifInErrors', 'ifOutErrors', 'ifHighSpeed', 'ifAlias', 'ifName'], scrapeIntervalSeconds: 120 },
  ],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'prometheus-snmp-exporter', file: FILE, runbook: 'hardware.md', name: 'ups-alerts' });
    group('ups')
      .alert({ alert: 'UpsOnBattery', severity: 'critical', for: '1m', expr: 'upsBaseOutputStatus == 3', summary: 'The UPS runs on battery', description: 'Mains power is out. Runtime left: see upsAdvanceBatteryRunTimeRemaining; shut down non-essential load if it does not come back.' })
      .alert({ alert: 'UpsOutputOverload', severity: 'warning', for: '5m', expr: 'upsAdvanceOutputLoad > 80 <= 95', summary: 'The UPS is loaded at {{ $value }}%', description: 'Little headroom; battery runtime is short.' })
      .alert({ alert: 'UpsOutputCriticalLoad', severity: 'critical', for: '2m', expr: 'upsAdvanceOutputLoad > 95', summary: 'The UPS is loaded at {{ $value }}%', description: 'It will shut off on overload. Reduce load (GPU jobs) now.' })
      .alert({ alert: 'UpsBatteryLow', severity: 'critical', for: '2m', expr: 'upsAdvanceBatteryCapacity < 30', summary: 'UPS battery at {{ $value }}%', description: 'Shut down cleanly before it runs out.' })
      .alert({ alert: 'UpsBatteryReplacementNeeded', severity: 'warning', expr: 'upsAdvanceBatteryReplaceIndicator == 2', summary: 'The UPS battery needs replacement', description: 'The self-test failed; runtime on battery is unreliable.' })
      .alert({ alert: 'UpsHighTemperature', severity: 'warning', for: '10m', expr: 'upsAdvanceBatteryTemperature > 40 <= 50', summary: 'UPS battery at {{ $value }} °C', description: 'Heat shortens battery life.' })
      .alert({ alert: 'UpsCriticalTemperature', severity: 'critical', for: '5m', expr: 'upsAdvanceBatteryTemperature > 50', summary: 'UPS battery at {{ $value }} °C', description: 'Risk of battery damage; improve cooling now.' });
  },
};

export const dcgmMonitoring: ComponentMonitoring = {
  component: 'dcgm-exporter',
  sources: [{ component: 'dcgm-exporter', metrics: ['DCGM_FI_DEV_GPU_TEMP', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_XID_ERRORS', 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_MEM_COPY_UTIL'] }],
  rules: (scope, ctx) => {
    const group = componentRules(scope, ctx, { component: 'dcgm-exporter', file: FILE, runbook: 'hardware.md', name: 'gpu-alerts' });
    const gpuNodes = 'kube_daemonset_status_desired_number_scheduled{namespace="gpu-system", daemonset=~".*nvidia-device-plugin.*"} > 0';
    group('gpu')
      .alert({ alert: 'GpuDevicePluginDown', severity: 'critical', for: '10m', expr: `kube_daemonset_status_number_available{namespace="gpu-system", daemonset=~".*nvidia-device-plugin.*"} < kube_daemonset_status_desired_number_scheduled{namespace="gpu-system", daemonset=~".*nvidia-device-plugin.*"} and ${gpuNodes}`, summary: 'The NVIDIA device plugin is not running on every GPU node', description: 'GPU pods cannot be scheduled there.' })
      .alert({ alert: 'DcgmExporterDown', severity: 'warning', for: '10m', expr: `absent(up{job=~".*dcgm-exporter.*"} == 1) and on () count(${gpuNodes}) > 0`, summary: 'No DCGM exporter is up', description: 'GPU temperature and memory alerts are blind.' })
      .alert({ alert: 'GpuTemperatureHigh', severity: 'critical', for: '5m', expr: 'DCGM_FI_DEV_GPU_TEMP > 85', summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is at {{ $value }} °C', description: 'Passively cooled cards (Tesla P4) need the chassis airflow; it throttles and may fault.' })
      .alert({ alert: 'GpuMemoryUsageHigh', severity: 'warning', for: '10m', expr: 'DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > 0.9', summary: 'GPU {{ $labels.gpu }} memory is {{ $value | humanizePercentage }} used', description: 'New models will not load. Unload idle ones (ollama keep-alive).' })
      .alert({ alert: 'GpuXidErrors', severity: 'warning', for: '5m', expr: 'max_over_time(DCGM_FI_DEV_XID_ERRORS[10m]) > 0', summary: 'GPU {{ $labels.gpu }} reports XID error {{ $value }}', description: 'A driver or hardware fault; look the code up in NVIDIA\'s XID table. Some need a reboot.' });
  },
};
