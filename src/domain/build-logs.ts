import { buildStatus, builtImageUri } from './builds.js';
import type { Artifact, Build } from './types.js';

type Json = Record<string, any>;

interface LogRecord {
  levelname: 'INFO' | 'WARNING' | 'ERROR';
  message: string;
}

/**
 * Returns a build's log as JSON lines, one record per line with `asctime`, `levelname`,
 * `name`, `message` and `build_id`, as builder logs look. The log grows as the build
 * moves through its statuses.
 */
export function buildLog(build: Build, artifact: Artifact | undefined): string {
  const container: Json | undefined = (artifact?.spec.containerGroups[build.groupIndex]?.containers as Json[] | undefined)?.[build.containerIndex];
  const containerName = container?.name ?? `container-${build.containerIndex}`;
  const codeRef = container?.imageBuildConfig?.codeRef?.datarobot;
  const status = buildStatus(build);

  const records: LogRecord[] = [{ levelname: 'INFO', message: `Build ${build.id} queued for container ${containerName}` }];
  if (status !== 'PENDING') {
    records.push(
      { levelname: 'INFO', message: `Fetching source catalog ${codeRef?.catalogId ?? 'unknown'} version ${codeRef?.catalogVersionId ?? 'unknown'}` },
      { levelname: 'INFO', message: `Building image with ${container?.imageBuildConfig?.dockerfile?.path ?? './Dockerfile'}` },
    );
  }
  if (status === 'COMPLETED') {
    records.push(
      { levelname: 'INFO', message: `Pushed image ${builtImageUri(build, containerName)}` },
      { levelname: 'INFO', message: 'Build completed' },
    );
  } else if (status === 'FAILED') {
    records.push({ levelname: 'ERROR', message: 'Build failed: step 4/6 RUN pip install -r requirements.txt exited with code 1' });
  } else if (status === 'CANCELLED') {
    records.push({ levelname: 'WARNING', message: 'Build cancelled before it finished' });
  }

  return records
    .map((record) => JSON.stringify({ asctime: build.createdAt, levelname: record.levelname, name: 'image-builder', message: record.message, build_id: build.id }))
    .join('\n')
    .concat('\n');
}
