/** The audit trail's actions and entity types are named in core, which the web reads too. */
export {
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  type AuditAction,
  type AuditEntityType,
} from '@dawn/core';
