// Tables for the register area. Owned by the register work; see docs/architecture.md.
export {};
