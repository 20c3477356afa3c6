/**
 * Rule-id ranges of the OWASP Core Rule Set v4 (bundled with coraza-proxy-wasm as `@owasp_crs`) and of the
 * ModSecurity recommended configuration (`@recommended-conf`). A CRS rule id is `9FFNNN`: its first three
 * digits name the rule file. An exclusion naming an id outside these files names no rule the WAF loads.
 */
export const CRS_RULE_FILES: Readonly<Record<string, string>> = {
  '901': 'REQUEST-901-INITIALIZATION',
  '905': 'REQUEST-905-COMMON-EXCEPTIONS',
  '911': 'REQUEST-911-METHOD-ENFORCEMENT',
  '913': 'REQUEST-913-SCANNER-DETECTION',
  '920': 'REQUEST-920-PROTOCOL-ENFORCEMENT',
  '921': 'REQUEST-921-PROTOCOL-ATTACK',
  '922': 'REQUEST-922-MULTIPART-ATTACK',
  '930': 'REQUEST-930-APPLICATION-ATTACK-LFI',
  '931': 'REQUEST-931-APPLICATION-ATTACK-RFI',
  '932': 'REQUEST-932-APPLICATION-ATTACK-RCE',
  '933': 'REQUEST-933-APPLICATION-ATTACK-PHP',
  '934': 'REQUEST-934-APPLICATION-ATTACK-GENERIC',
  '941': 'REQUEST-941-APPLICATION-ATTACK-XSS',
  '942': 'REQUEST-942-APPLICATION-ATTACK-SQLI',
  '943': 'REQUEST-943-APPLICATION-ATTACK-SESSION-FIXATION',
  '944': 'REQUEST-944-APPLICATION-ATTACK-JAVA',
  '949': 'REQUEST-949-BLOCKING-EVALUATION',
  '950': 'RESPONSE-950-DATA-LEAKAGES',
  '951': 'RESPONSE-951-DATA-LEAKAGES-SQL',
  '952': 'RESPONSE-952-DATA-LEAKAGES-JAVA',
  '953': 'RESPONSE-953-DATA-LEAKAGES-PHP',
  '954': 'RESPONSE-954-DATA-LEAKAGES-IIS',
  '955': 'RESPONSE-955-WEB-SHELLS',
  '959': 'RESPONSE-959-BLOCKING-EVALUATION',
  '980': 'RESPONSE-980-CORRELATION',
};

/** Rules of the recommended configuration (request/multipart body processing errors). */
export const RECOMMENDED_RULE_IDS: ReadonlySet<number> = new Set([200000, 200001, 200002, 200003, 200004, 200005]);

/** Where rule `id` is defined, or undefined when no loaded rule set has it. */
export function crsRuleFile(id: number): string | undefined {
  if (RECOMMENDED_RULE_IDS.has(id)) return '@recommended-conf';
  if (!Number.isInteger(id) || id < 900000 || id > 999999) return undefined;
  return CRS_RULE_FILES[String(id).slice(0, 3)];
}
