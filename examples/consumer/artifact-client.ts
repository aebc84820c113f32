/**
 * A small artifact client of the kind teams write against the Workload API: create,
 * lock, clone-to-edit, delete with 409 handling, and paging that follows `next`.
 * It has no code for the fake, and the tests beside it point it at one.
 */

export interface Artifact {
  id: string;
  name: string;
  status: 'draft' | 'locked';
  version: number | null;
  artifactRepositoryId: string | null;
  spec: Record<string, unknown>;
}

/** A non-2xx reply, with the API's `detail` (a sentence, or 422 items). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(`HTTP ${status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
}

/** Outcome of `deleteArtifact`: deleted, or kept with the server's reason. */
export type DeleteOutcome = { deleted: true } | { deleted: false; reason: string };

export class ArtifactClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  create(name: string, imageUri: string, artifactRepositoryId?: string): Promise<Artifact> {
    const spec = { containerGroups: [{ containers: [{ name: 'app', imageUri, port: 8080, primary: true }] }] };
    return this.send('POST', '/api/v2/artifacts/', { name, spec, artifactRepositoryId });
  }

  get(id: string): Promise<Artifact> {
    return this.send('GET', `/api/v2/artifacts/${id}/`);
  }

  lock(id: string): Promise<Artifact> {
    return this.send('PATCH', `/api/v2/artifacts/${id}/`, { status: 'locked' });
  }

  /** Returns a draft to edit: the artifact itself when it is a draft, otherwise a clone of it. */
  async editable(id: string, cloneName: string): Promise<Artifact> {
    const artifact = await this.get(id);
    if (artifact.status === 'draft') return artifact;
    return this.send('POST', `/api/v2/artifacts/${id}/clone/`, { name: cloneName });
  }

  /** Deletes an artifact; a 409 (locked, or in use) is an outcome, not an error. */
  async deleteArtifact(id: string): Promise<DeleteOutcome> {
    try {
      await this.send('DELETE', `/api/v2/artifacts/${id}/`);
      return { deleted: true };
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return { deleted: false, reason: String(error.detail) };
      throw error;
    }
  }

  /** Lists every artifact matching the query by following `next` until it is null. */
  async listAll(query: Record<string, string> = {}): Promise<Artifact[]> {
    const artifacts: Artifact[] = [];
    let url: string | null = `${this.baseUrl}/api/v2/artifacts/?${new URLSearchParams(query)}`;
    while (url) {
      const page: { data: Artifact[]; next: string | null } = await this.sendUrl('GET', url);
      artifacts.push(...page.data);
      url = page.next;
    }
    return artifacts;
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.sendUrl(method, `${this.baseUrl}${path}`, body);
  }

  private async sendUrl<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json', ...this.extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const payload = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, payload?.detail ?? payload?.message ?? payload);
    return payload as T;
  }
}
