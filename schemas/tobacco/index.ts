// Tobacco track & trace rules shared by the broker (transformers/tobacco) and the router
// sandbox (sandbox/tobacco): data + pure checkers, no I/O, nothing of ours imported.
export * from './catalogue/index.js';
export { ENUMS, type ConfigurableList, type EnumName, type EnumSpec } from './enums.js';
export * from './formats.js';
export { ISO_3166_ALPHA2 } from './iso-3166.js';
export { ISO_4217 } from './iso-4217.js';
export { compileValidationOptions, DEFAULT_VALIDATION_OPTIONS, type CompiledValidationOptions, type ValidationOptions } from './options.js';
export { UI_MAX_LENGTH } from './checks/values.js';
export { validateMessage, type TobaccoMessage, type ValidationResult } from './validate.js';
export { showValue, type RuleErrorCode, type RuleId, type RuleWarningCode, type Violation, type Warning } from './violation.js';
