import { InvalidFieldError } from './errors.js';
import type { ArtifactSpec, ArtifactType } from './types.js';

type Json = Record<string, any>;

/**
 * Returns the spec as the server stores it: the defaults of container groups,
 * containers and environment variables filled in, and the server-managed `build`
 * field removed, since clients may not set it.
 */
export function normalizeSpec(spec: Json, type: ArtifactType): ArtifactSpec {
  const groups: Json[] = Array.isArray(spec.containerGroups) ? spec.containerGroups : [];
  const normalized: ArtifactSpec = {
    type,
    containerGroups: groups.map((group) => ({
      ...group,
      name: group.name ?? 'default',
      containers: (Array.isArray(group.containers) ? group.containers : []).map(normalizeContainer),
    })),
  };
  if (type === 'nim' && spec.storage !== undefined) normalized.storage = structuredClone(spec.storage);
  return normalized;
}

function normalizeContainer(container: Json): Json {
  const { build: _serverManaged, ...rest } = structuredClone(container);
  const environmentVars: Json[] = Array.isArray(rest.environmentVars) ? rest.environmentVars : [];
  return {
    ...rest,
    description: rest.description ?? '',
    primary: rest.primary ?? false,
    environmentVars: environmentVars.map((variable) =>
      variable.source === undefined && variable.drCredentialId === undefined ? { ...variable, source: 'string' } : variable,
    ),
  };
}

/**
 * Checks the container rule the schema cannot express: a container needs `imageUri`
 * unless it is built from source through `imageBuildConfig`.
 */
export function assertContainersHaveImages(spec: ArtifactSpec, fieldPrefix: Array<string | number> = ['spec']): void {
  spec.containerGroups.forEach((group, groupIndex) => {
    const containers = group.containers as Json[];
    containers.forEach((container, containerIndex) => {
      if (container.imageUri || container.imageBuildConfig) return;
      throw new InvalidFieldError(
        [...fieldPrefix, 'containerGroups', groupIndex, 'containers', containerIndex, 'imageUri'],
        'imageUri is required when imageBuildConfig is not set: give an image such as "nginx:latest", or an imageBuildConfig to build one',
        'missing',
      );
    });
  });
}
