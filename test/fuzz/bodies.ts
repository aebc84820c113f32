import fc from 'fast-check';
import { hexId, reference } from './references.js';
import { nastyString, plainString } from './schema-arbitraries.js';

// Hand-written valid bodies for the stateful writes. Values generated from the schema
// alone pass validation but rarely pass the business rules, because a container needs an
// image and the spec's type must match the artifact's. These bodies keep the state
// moving: artifacts get created, locked, cloned and built, and workloads use them.

/** Artifact, workload and clone names: mostly short, sometimes unicode or at the 1 and 5000 limits. */
export const entityName: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('payments', 'scorer', 'agent', 'llm', 'Payments API', 'nim-cache') },
  { weight: 3, arbitrary: plainString },
  { weight: 1, arbitrary: fc.constantFrom('a', 'x'.repeat(5000), 'é'.repeat(5000), '名前', '🚀 launch') },
);

const imageUri = fc.constantFrom('nginx:latest', 'registry.example.com/app:1.0.0', 'nvcr.io/nim/example:2.1', 'ghcr.io/acme/agent@sha256:abc');

const imageContainer = fc.record(
  {
    name: fc.constantFrom('app', 'api', 'sidecar', 'nim'),
    imageUri,
    port: fc.integer({ min: 1024, max: 65535 }),
    primary: fc.boolean(),
    description: plainString,
    environmentVars: fc.array(fc.record({ name: fc.constantFrom('LOG_LEVEL', 'MODE'), value: plainString }), { maxLength: 2 }),
    entrypoint: fc.array(plainString, { maxLength: 2 }),
  },
  { requiredKeys: ['imageUri'] },
);

/** A container built from source; without a codeRef it cannot be built, and until built it cannot be locked. */
const sourceContainer = fc.record(
  {
    name: fc.constantFrom('app', 'builder'),
    port: fc.integer({ min: 1024, max: 65535 }),
    imageBuildConfig: fc.record(
      {
        codeRef: fc.record({ datarobot: fc.record({ catalogId: hexId, catalogVersionId: hexId }) }),
        dockerfile: fc.oneof(
          fc.constant({ source: 'provided' }),
          fc.record({ source: fc.constant('generated'), executionEnvironmentId: hexId, executionEnvironmentVersionId: hexId, entrypoint: fc.constant(['python', 'app.py']) }),
        ),
      },
      { requiredKeys: ['dockerfile'] },
    ),
  },
  { requiredKeys: ['imageBuildConfig'] },
);

const container = fc.oneof({ weight: 4, arbitrary: imageContainer }, { weight: 2, arbitrary: sourceContainer });

const containerGroups = fc.array(
  fc.record({ name: fc.constantFrom('default', 'workers'), containers: fc.array(container, { minLength: 1, maxLength: 2 }) }, { requiredKeys: ['containers'] }),
  { minLength: 1, maxLength: 2 },
);

const nimStorage = fc.record({ mode: fc.constantFrom('dedicatedPvc', 'nimCache'), pvcSize: fc.constantFrom('10Gi', '1.5Ti', '512Mi', null) }, { requiredKeys: [] });

/** Generates an artifact spec for a type, whose own `type` is left out, equal to the type, or the other type. */
function specFor(type: string): fc.Arbitrary<Record<string, unknown>> {
  const base = type === 'nim' ? fc.record({ containerGroups, storage: nimStorage }, { requiredKeys: ['containerGroups'] }) : fc.record({ containerGroups });
  return fc.tuple(base, fc.constantFrom('omit', 'omit', 'same', 'other')).map(([spec, typeChoice]) => {
    if (typeChoice === 'same') return { ...spec, type };
    if (typeChoice === 'other') return { ...spec, type: type === 'nim' ? 'service' : 'nim' };
    return spec;
  });
}

const artifactType = fc.constantFrom('service', 'service', 'nim');

/** A POST /artifacts or PUT /artifacts/{id} body. */
export const artifactInput: fc.Arbitrary<Record<string, unknown>> = artifactType.chain((type) =>
  fc.record(
    {
      name: entityName,
      description: fc.oneof(plainString, nastyString),
      type: fc.constant(type),
      spec: specFor(type),
      status: fc.constantFrom('draft', 'locked', 'locked'),
      artifactRepositoryId: fc.oneof(
        { weight: 5, arbitrary: reference('repository') },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: hexId },
        { weight: 1, arbitrary: reference('upcomingId') },
        { weight: 1, arbitrary: fc.constantFrom('not-an-id', '65F0000000000000000000A1', '') },
      ),
    },
    { requiredKeys: ['name', 'spec'] },
  ),
);

/** A PATCH /artifacts/{id} body; locking is the most common change. */
export const artifactPatch: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ status: 'locked' }) },
  { weight: 1, arbitrary: fc.constant({ status: 'draft' }) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.record({ name: entityName, description: fc.oneof(plainString, fc.constant(null)) }, { requiredKeys: [] }) },
  { weight: 3, arbitrary: artifactType.chain((type) => fc.record({ spec: specFor(type), status: fc.constantFrom('locked', null) }, { requiredKeys: ['spec'] })) },
  { weight: 1, arbitrary: fc.constant({ spec: null, name: null, description: null, status: null }) },
);

export const cloneRequest = fc.record({ name: entityName });

const sharingRole = fc.constantFrom('OWNER', 'ADMIN', 'READ_WRITE', 'EDITOR', 'USER', 'DATA_SCIENTIST', 'READ_ONLY', 'CONSUMER', 'OBSERVER', 'NO_ROLE');

const roleEntry = fc.oneof(
  { weight: 4, arbitrary: fc.record({ id: reference('user'), shareRecipientType: fc.constant('user'), role: sharingRole }) },
  { weight: 2, arbitrary: fc.record({ username: reference('username'), shareRecipientType: fc.constant('user'), role: sharingRole }) },
  { weight: 1, arbitrary: fc.record({ username: reference('username'), shareRecipientType: fc.constantFrom('group', 'organization'), role: sharingRole }) },
  { weight: 2, arbitrary: fc.record({ id: reference('group'), shareRecipientType: fc.constant('group'), role: sharingRole }) },
  { weight: 2, arbitrary: fc.record({ id: reference('organization'), shareRecipientType: fc.constant('organization'), role: sharingRole }) },
  { weight: 1, arbitrary: fc.record({ id: reference('group'), shareRecipientType: fc.constantFrom('user', 'organization', 'role'), role: sharingRole }) },
  { weight: 1, arbitrary: fc.record({ id: hexId, shareRecipientType: fc.constant('user'), role: sharingRole }) },
);

/** A PATCH .../sharedRoles body; picks may name one recipient twice, which the API rejects. */
export const sharedRolesUpdate = fc.record({ operation: fc.constant('updateRoles'), roles: fc.array(roleEntry, { minLength: 1, maxLength: 3 }) });

/** A POST /workloads body on an existing artifact or on an inline draft; sometimes both or neither. */
export const workloadInput: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ name: entityName, artifactId: fc.oneof(reference('artifact'), reference('draftArtifact')), importance: fc.constantFrom('low', 'moderate', 'high', 'critical'), description: plainString }, { requiredKeys: ['name', 'artifactId'] }) },
  { weight: 2, arbitrary: fc.record({ name: entityName, artifact: artifactInput }) },
  { weight: 1, arbitrary: fc.record({ name: entityName, artifactId: reference('artifact'), artifact: artifactInput }) },
  { weight: 1, arbitrary: fc.record({ name: entityName, artifactId: fc.oneof(hexId, fc.constant(null), reference('artifact', { stale: true })) }) },
);

/** Bodies that operations without a request body should ignore. */
export const ignoredBody: fc.Arbitrary<unknown> = fc.constantFrom({}, null, { name: 'ignored' }, [1, 2]);
