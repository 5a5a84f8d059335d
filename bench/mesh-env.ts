// What the harness and the Mesh child (mesh-server.ts) agree on, without the harness loading Mesh.
export const MESH_UPSTREAM_ENV = 'BENCH_MESH_UPSTREAM';
export const MESH_SPEC_ENV = 'KSEF_OPENAPI_SPEC';
/** The line the harness waits for. */
export const MESH_READY_PATTERN = /mesh listening at (http:\/\/\S+)/;
/** The Mesh field of `GET /sessions/{referenceNumber}` (the spec gives it no operationId). */
export const MESH_STATUS_FIELD = 'sessions_by_referenceNumber';
