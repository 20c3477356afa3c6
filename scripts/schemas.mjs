// Placeholder replaced by the schema generator (see lib/validation/README in the validation work).
export function generateSchemas() {
  return {};
}
