// Two traces of the same app side by side: their span trees merged into one list of rows, each span matched to the
// span at the same place in the other trace (same parent match, same name, same occurrence among its same-named
// siblings), so a retry that ran twice shows one matched call and one added call. Rows keep the display order of
// the newer trace, with removed spans where they stood in the older one.
import type { SpanTree } from './spanTree';

export type DiffStatus = 'same' | 'added' | 'removed';

export interface DiffRow {
  status: DiffStatus;
  depth: number;
  name: string;
  /** Index into SPAN_TYPES. */
  typeCode: number;
  /** Index in the left (older) tree, -1 for an added span. */
  left: number;
  /** Index in the right (newer) tree, -1 for a removed span. */
  right: number;
  /** Nanoseconds; -1 when the span is missing on that side or has not ended. */
  leftDurationNs: number;
  rightDurationNs: number;
  /** Either side failed. */
  failed: boolean;
}

export interface TraceDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
  matched: number;
  /** Right minus left, whole trace, nanoseconds. */
  durationDeltaNs: number;
}

type Task = { kind: 'merge'; left: number; right: number; depth: number } | { kind: 'pair'; left: number; right: number; depth: number } | { kind: 'only'; side: 'left' | 'right'; index: number; depth: number };

export function diffSpanTrees(left: SpanTree, right: SpanTree): TraceDiff {
  const rows: DiffRow[] = [];
  let added = 0;
  let removed = 0;
  let matched = 0;
  // An explicit stack: a 10,000-deep chain of spans must not overflow the call stack.
  const stack: Task[] = [{ kind: 'merge', left: -1, right: -1, depth: 0 }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (task.kind === 'merge') {
      const actions = mergeChildren(left, right, task.left, task.right, task.depth);
      for (let k = actions.length - 1; k >= 0; k--) stack.push(actions[k]!);
    } else if (task.kind === 'pair') {
      matched++;
      rows.push({
        status: 'same',
        depth: task.depth,
        name: right.spans[task.right]!.name,
        typeCode: right.typeCode[task.right]!,
        left: task.left,
        right: task.right,
        leftDurationNs: left.durationNs[task.left]!,
        rightDurationNs: right.durationNs[task.right]!,
        failed: left.failed[task.left] === 1 || right.failed[task.right] === 1,
      });
      stack.push({ kind: 'merge', left: task.left, right: task.right, depth: task.depth + 1 });
    } else {
      const tree = task.side === 'left' ? left : right;
      const end = tree.subtreeEnd[task.index]!;
      for (let i = task.index; i < end; i++) {
        const duration = tree.durationNs[i]!;
        rows.push({
          status: task.side === 'left' ? 'removed' : 'added',
          depth: task.depth + tree.depth[i]! - tree.depth[task.index]!,
          name: tree.spans[i]!.name,
          typeCode: tree.typeCode[i]!,
          left: task.side === 'left' ? i : -1,
          right: task.side === 'right' ? i : -1,
          leftDurationNs: task.side === 'left' ? duration : -1,
          rightDurationNs: task.side === 'right' ? duration : -1,
          failed: tree.failed[i] === 1,
        });
      }
      if (task.side === 'left') removed += end - task.index;
      else added += end - task.index;
    }
  }
  return { rows, added, removed, matched, durationDeltaNs: right.traceDurationNs - left.traceDurationNs };
}

/** The children of a matched pair (or the roots, for -1) as tasks in display order. */
function mergeChildren(left: SpanTree, right: SpanTree, leftParent: number, rightParent: number, depth: number): Task[] {
  const leftChildren = childrenOf(left, leftParent);
  const rightChildren = childrenOf(right, rightParent);
  const leftByKey = new Map<string, number>(siblingKeys(left, leftChildren).map((key, k) => [key, k]));
  const used = new Uint8Array(leftChildren.length);
  let nextLeft = 0;
  const tasks: Task[] = [];
  const flushRemovedBefore = (position: number) => {
    for (; nextLeft < position; nextLeft++) {
      if (!used[nextLeft]) tasks.push({ kind: 'only', side: 'left', index: leftChildren[nextLeft]!, depth });
    }
  };
  siblingKeys(right, rightChildren).forEach((key, k) => {
    const position = leftByKey.get(key);
    if (position === undefined) {
      tasks.push({ kind: 'only', side: 'right', index: rightChildren[k]!, depth });
      return;
    }
    used[position] = 1;
    flushRemovedBefore(position);
    tasks.push({ kind: 'pair', left: leftChildren[position]!, right: rightChildren[k]!, depth });
  });
  flushRemovedBefore(leftChildren.length);
  return tasks;
}

/** Direct children in display order: each child's subtree is contiguous, so the next child starts where it ends. */
function childrenOf(tree: SpanTree, parent: number): number[] {
  const children: number[] = [];
  const end = parent < 0 ? tree.count : tree.subtreeEnd[parent]!;
  for (let c = parent + 1; c < end; c = tree.subtreeEnd[c]!) children.push(c);
  return children;
}

/** name + occurrence among same-named siblings: the second `retrieve` matches the other trace's second `retrieve`. */
function siblingKeys(tree: SpanTree, children: number[]): string[] {
  const seen = new Map<string, number>();
  return children.map((c) => {
    const name = tree.spans[c]!.name;
    const occurrence = seen.get(name) ?? 0;
    seen.set(name, occurrence + 1);
    return `${name}\0${occurrence}`;
  });
}
