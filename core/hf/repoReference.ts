// Which Hugging Face repository an MLflow registered model version names: its source
// (`hf://org/name`, `https://huggingface.co/org/name/…`, a path into an HF cache `…/models--org--name/…`) or a tag
// whose value is such a reference or, for tags about Hugging Face (`hf_repo`, `huggingface_model`, `base_model`…),
// a bare `org/name`. Only repositories present in the cache are returned: the link opens them in the view.
export function hfRepoReferences(source: string, tags: Record<string, string>, cachedRepoIds: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const consider = (value: string, bare: boolean) => {
    for (const id of referencedIds(value, bare)) if (cachedRepoIds.has(id)) found.add(id);
  };
  consider(source, false);
  for (const [key, value] of Object.entries(tags)) consider(value, /hf|hugging|base_model|hub/i.test(key));
  return [...found].sort();
}

function referencedIds(value: string, bare: boolean): string[] {
  const ids: string[] = [];
  const hub = /(?:hf:\/\/|huggingface\.co\/)(?:models\/)?([\w.-]+(?:\/[\w.-]+)?)/.exec(value);
  if (hub) ids.push(hub[1]!);
  const cached = /(?:^|[\\/])models--([^\\/]+)/.exec(value);
  if (cached) ids.push(cached[1]!.replaceAll('--', '/'));
  if (bare && /^[\w.-]+(?:\/[\w.-]+)?$/.test(value.trim())) ids.push(value.trim());
  return ids;
}
