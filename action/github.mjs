// The GitHub REST calls the Action makes, with fetch: one sticky comment per pull request (found by a hidden
// marker *and* its author, and updated in place), the files a pull request changes, and the pull request a
// pushed commit came from. GITHUB_API_URL is honoured (GitHub Enterprise, and the tests' local stub).

/** Who writes the Action's comments when the token cannot say (GITHUB_TOKEN cannot read GET /user). */
export const DEFAULT_AUTHOR = "github-actions[bot]";

/** @param {{ apiUrl: string, token: string, repository: string, fetch?: typeof fetch }} options */
export function githubClient({ apiUrl, token, repository, fetch: doFetch = fetch }) {
  const root = apiUrl.replace(/\/+$/, "");
  const base = `${root}/repos/${repository}`;
  async function call(method, url, body) {
    const response = await doFetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok)
      throw new Error(
        `GitHub API ${method} ${url.slice(root.length)}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`,
      );
    return response.status === 204 ? null : response.json();
  }
  const repo = (method, path, body) => call(method, `${base}${path}`, body);
  async function paginate(path) {
    const all = [];
    for (let page = 1; ; page++) {
      const items = await repo("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
      all.push(...items);
      if (items.length < 100) return all;
    }
  }
  let author;
  /** The login the token writes as: GET /user for a personal token; an installation token gets 403 there. */
  async function whoAmI() {
    author ??= await call("GET", `${root}/user`).then(
      (user) => (typeof user?.login === "string" ? user.login : DEFAULT_AUTHOR),
      () => DEFAULT_AUTHOR,
    );
    return author;
  }
  /** Comments carrying `marker` that the Action's own login wrote, oldest first: anyone can paste a marker. */
  async function ownComments(number, marker) {
    const login = await whoAmI();
    const comments = await paginate(`/issues/${number}/comments`);
    return comments.filter((c) => typeof c.body === "string" && c.body.includes(marker) && c.user?.login === login);
  }
  return {
    whoAmI,
    /** Paths changed by a pull request (renames: both names). */
    async changedFiles(number) {
      const files = await paginate(`/pulls/${number}/files`);
      return files.flatMap((f) => [f.filename, f.previous_filename].filter(Boolean));
    },
    /** The Action's latest comment carrying `marker` on a pull request, or null. */
    async latestComment(number, marker) {
      return (await ownComments(number, marker)).at(-1) ?? null;
    },
    /** Updates the Action's comment carrying `marker` in place, or creates it: one comment per pull request. */
    async upsertComment(number, marker, body, { createIfMissing = true } = {}) {
      const existing = (await ownComments(number, marker)).at(-1);
      if (existing)
        return { action: "updated", comment: await repo("PATCH", `/issues/comments/${existing.id}`, { body }) };
      if (!createIfMissing) return null;
      return { action: "created", comment: await repo("POST", `/issues/${number}/comments`, { body }) };
    },
    /** The merged pull request whose merge (or squash) produced `sha`, or null (a direct push). */
    async mergedPullRequestOf(sha) {
      const pulls = await paginate(`/commits/${encodeURIComponent(sha)}/pulls`);
      return pulls.find((p) => p.merged_at && p.merge_commit_sha === sha) ?? pulls.find((p) => p.merged_at) ?? null;
    },
  };
}
