// The GitHub REST calls the Action makes, with fetch: one sticky comment per pull request (found by a hidden
// marker and updated in place) and the files a pull request changes. GITHUB_API_URL is honoured (GitHub
// Enterprise, and the tests' local stub).

/** @param {{ apiUrl: string, token: string, repository: string, fetch?: typeof fetch }} options */
export function githubClient({ apiUrl, token, repository, fetch: doFetch = fetch }) {
  const base = `${apiUrl.replace(/\/+$/, "")}/repos/${repository}`;
  async function call(method, path, body) {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`GitHub API ${method} ${path}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response.status === 204 ? null : response.json();
  }
  async function paginate(path) {
    const all = [];
    for (let page = 1; ; page++) {
      const items = await call("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
      all.push(...items);
      if (items.length < 100) return all;
    }
  }
  return {
    /** Paths changed by a pull request (renames: both names). */
    async changedFiles(number) {
      const files = await paginate(`/pulls/${number}/files`);
      return files.flatMap((f) => [f.filename, f.previous_filename].filter(Boolean));
    },
    /** Updates the comment carrying `marker` in place, or creates it: one comment per pull request. */
    async upsertComment(number, marker, body, { createIfMissing = true } = {}) {
      const comments = await paginate(`/issues/${number}/comments`);
      const existing = comments.find((c) => typeof c.body === "string" && c.body.includes(marker));
      if (existing) return { action: "updated", comment: await call("PATCH", `/issues/comments/${existing.id}`, { body }) };
      if (!createIfMissing) return null;
      return { action: "created", comment: await call("POST", `/issues/${number}/comments`, { body }) };
    },
  };
}
