import { findArtifact } from './artifacts.js';
import { newId, type DomainContext } from './context.js';
import { InvalidFieldError, NotFoundError } from './errors.js';
import type { Artifact, Build, User } from './types.js';

type Json = Record<string, any>;

/** Build statuses in order; the last step is the build's planned outcome. */
const STEPS = ['PENDING', 'IN_PROGRESS'] as const;

/** Returns a build's status from how often it has been polled. */
export function buildStatus(build: Build): string {
  const step = Math.floor(build.polls / build.pollsPerStep);
  return step < STEPS.length ? STEPS[step] : build.outcome;
}

export function isFinished(build: Build): boolean {
  return buildStatus(build) === build.outcome;
}

export function findBuild(context: DomainContext, artifactId: string, buildId: string): Build {
  findArtifact(context, artifactId);
  const build = context.state.builds.get(buildId);
  if (!build || build.artifactId !== artifactId) throw new NotFoundError('Build not found');
  return build;
}

/**
 * Starts one build per container that has `imageBuildConfig`. Only drafts build, and
 * every such container needs a `codeRef`. Otherwise the 422 names what is missing. Each
 * container records the build in its server-managed `build` field.
 */
export function triggerBuilds(context: DomainContext, caller: User, artifactId: string): string[] {
  const artifact = findArtifact(context, artifactId);
  if (artifact.status === 'locked') {
    throw new InvalidFieldError(['artifact_id'], `Cannot build artifact ${artifactId}: it is locked, and only drafts build. Clone it to build a new draft.`, 'value_error', 'path');
  }

  const targets = containersToBuild(artifact);
  if (targets.length === 0) {
    throw new InvalidFieldError(['artifact_id'], `Cannot build artifact ${artifactId}: no container has imageBuildConfig, so there is nothing to build`, 'value_error', 'path');
  }
  for (const { container, containerIndex } of targets) {
    if (!container.imageBuildConfig.codeRef) {
      throw new InvalidFieldError(
        ['artifact_id'],
        `Cannot build artifact ${artifactId}: container "${container.name ?? containerIndex}" has no codeRef. Upload the source and PATCH its codeRef first.`,
        'missing',
        'path',
      );
    }
  }

  const now = context.clock.now();
  const plan = context.state.buildPlan;
  const builds = targets.map(({ container, groupIndex, containerIndex }) => {
    const build: Build = {
      id: newId(context),
      artifactId,
      name: `${artifact.name}/${container.name ?? `container-${containerIndex}`}`,
      creatorId: caller.id,
      groupIndex,
      containerIndex,
      polls: 0,
      pollsPerStep: plan.pollsPerStep,
      outcome: plan.outcome,
      createdAt: now,
      updatedAt: now,
    };
    context.state.builds.set(build.id, build);
    return build;
  });

  recordOnContainers(context, artifact, builds);
  return builds.map((build) => build.id);
}

/**
 * Reads a build for a client that polls it: returns it as it is, then moves it one poll
 * on. When a poll finishes the build, a COMPLETED build fills its container's `imageUri`.
 */
export function pollBuild(context: DomainContext, build: Build): Build {
  const seen = { ...build };
  if (isFinished(build)) return seen;

  const before = buildStatus(build);
  build.polls += 1;
  if (buildStatus(build) !== before) {
    build.updatedAt = context.clock.now();
    const artifact = context.state.artifacts.get(build.artifactId);
    if (artifact) recordOnContainers(context, artifact, [build]);
  }
  return seen;
}

/** Lists an artifact's builds, newest first. */
export function buildsOf(context: DomainContext, artifactId: string): Build[] {
  findArtifact(context, artifactId);
  return [...context.state.builds.values()]
    .filter((build) => build.artifactId === artifactId)
    .sort(newestFirst);
}

/** Returns the image a completed build pushes, named after the artifact, container and build. */
export function builtImageUri(build: Build, containerName: string): string {
  return `registry.example.com/builds/${build.artifactId}/${containerName}:${build.id}`;
}

function containersToBuild(artifact: Artifact): Array<{ container: Json; groupIndex: number; containerIndex: number }> {
  const targets: Array<{ container: Json; groupIndex: number; containerIndex: number }> = [];
  artifact.spec.containerGroups.forEach((group, groupIndex) => {
    (group.containers as Json[]).forEach((container, containerIndex) => {
      if (container.imageBuildConfig) targets.push({ container, groupIndex, containerIndex });
    });
  });
  return targets;
}

/**
 * Writes each build's status into its container's `build` field, and the built image
 * into `imageUri` once COMPLETED. The artifact is replaced, never changed in place.
 * A locked artifact, or a container that no longer builds from source, is left alone.
 */
function recordOnContainers(context: DomainContext, artifact: Artifact, builds: Build[]): void {
  if (artifact.status === 'locked') return;

  const spec = structuredClone(artifact.spec);
  for (const build of builds) {
    const container = (spec.containerGroups[build.groupIndex]?.containers as Json[] | undefined)?.[build.containerIndex];
    if (!container?.imageBuildConfig) continue;

    const status = buildStatus(build);
    container.build = { artifactImageBuildId: build.id, status, createdAt: build.createdAt };
    if (status === 'COMPLETED') container.imageUri = builtImageUri(build, container.name ?? `container-${build.containerIndex}`);
  }
  context.state.artifacts.set(artifact.id, { ...artifact, spec });
}

function newestFirst(a: Build, b: Build): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : -1;
}
