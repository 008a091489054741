import { defineErrors } from '../../lib/errors.js';

export const xmlErrors = defineErrors({
  EDI_ERR_XML_TOO_LARGE: { message: 'XML document of {size} bytes exceeds the limit of {limit} bytes', retriable: false, http: 413 },
  EDI_ERR_XML_EMPTY: { message: 'XML document is empty', retriable: false, http: 400 },
  EDI_ERR_XML_ENCODING: { message: 'XML document is not valid UTF-8: {reason}', retriable: false, http: 400 },
  EDI_ERR_XML_DOCTYPE_FORBIDDEN: {
    message: 'XML document declares a DOCTYPE; DTDs and entity declarations are refused (external entities, entity expansion)',
    retriable: false,
    http: 400,
  },
  EDI_ERR_XML_MALFORMED: { message: 'XML is not well-formed at line {line}, column {column}: {reason}', retriable: false, http: 400 },
  EDI_ERR_XML_SCHEMA_INVALID: { message: '{count} schema violation(s); first at line {line}: {reason}', retriable: false, http: 422 },
  EDI_ERR_XML_SCHEMA_COMPILE: { message: 'XML schema {schema} could not be compiled: {reason}', retriable: false },
});
