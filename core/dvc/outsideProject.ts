// What DVC 3 says about paths that leave the project, and the relpath rule for directory manifests. A pointer,
// dvc.lock or manifest comes from a repository someone else wrote; anything it names outside the project is
// reported and never read or written (core/paths/containment.ts does the resolving).

/**
 * DVC 3's refusal of a cached output outside the project (dvc/stage/utils.py check_no_externally_cached_outs,
 * DVC 3.0+): the same words, and the link it gives for `.dvc` data sources or for pipeline stages. An uncached
 * output outside is one DVC 3 accepts; we still read nothing there, and say so.
 */
export function outsideProjectMessage(path: string, cached: boolean, pointer: 'dvc' | 'lock'): string {
  if (!cached) return `Output '${path}' (cache: false) is outside of the DVC project: DVC tracks it uncached; mlops reads and writes nothing outside the project.`;
  const link =
    pointer === 'dvc' ? 'https://dvc.org/doc/user-guide/data-management/importing-external-data' : 'https://dvc.org/doc/user-guide/pipelines/external-dependencies-and-outputs';
  return `Cached output(s) outside of DVC project: ${path}. See ${link} for more info.`;
}

/**
 * Why a manifest `relpath` is unusable, or undefined when it is a plain relative POSIX path. DVC writes relpaths
 * below the directory (never `..`, never absolute); one that climbs out would make a checkout write elsewhere.
 */
export function relpathProblem(relpath: string): string | undefined {
  const absolute = relpath.startsWith('/') || relpath.startsWith('\\') || /^[a-zA-Z]:/.test(relpath);
  // Split only when `..` occurs at all: manifests list 10,000s of plain names.
  const climbs = relpath.includes('..') && relpath.split(/[\\/]/).includes('..');
  if (relpath === '' || absolute || climbs) return `the manifest entry '${relpath}' leaves its directory (DVC only writes paths below it)`;
  return undefined;
}
