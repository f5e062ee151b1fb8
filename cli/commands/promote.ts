// `mlops promote NAME VERSION --stage STAGE [--archive-existing] [--alias A] [--override-reason TEXT]`: evaluates
// the gate (policy from --policy or .mlops/promotion.yaml), then transitions, tags mlops.promoted_* and journals
// the promotion in .mlops/promotions.jsonl. `mlops promote --undo [--name NAME]` reverts the last one.
import { parseArgs } from 'node:util';
import { resolveVersionName } from '../../core/registry/gate';
import { formatGate } from '../../core/registry/gateReport';
import { PromotionBlockedError, promote, UndoConflictError, undoLastPromotion } from '../../core/registry/promotion';
import { promotionActor, promotionSummary } from '../../core/registry/promotionDecisions';
import { type CliCommand, UsageError } from '../command';
import { openTarget, promotionContext, REGISTRY_URI_OPTION, readPolicy } from './registryTarget';

const USAGE = [
  'usage: mlops promote NAME VERSION|latest --stage STAGE [--archive-existing] [--alias ALIAS] [--override-reason TEXT] [--policy FILE] [--registry-uri URI]',
  '       mlops promote --undo [--name NAME] [--force] [--registry-uri URI]',
].join('\n');

export const promoteCommand: CliCommand = {
  summary: 'Promote a model version through its gate (or --undo the last promotion)',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...REGISTRY_URI_OPTION,
        stage: { type: 'string' },
        'archive-existing': { type: 'boolean' },
        alias: { type: 'string' },
        'override-reason': { type: 'string' },
        policy: { type: 'string' },
        undo: { type: 'boolean' },
        name: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const { policy } = readPolicy(values.policy, io);
    if (values.undo) {
      if (positionals.length > 0) throw new UsageError(`--undo takes no NAME VERSION (use --name to pick a model).\n${USAGE}`);
      const target = openTarget(values['registry-uri'], io);
      try {
        const result = await undoLastPromotion(promotionContext(target, policy, io), { model: values.name, actor: promotionActor(io.env, io.cwd), force: values.force });
        io.out(`Undid the promotion of ${result.undone.model} version ${result.undone.version} to ${result.undone.toStage} (${result.undone.at}): ${result.restored.join(', ') || 'nothing to restore'}`);
        return 0;
      } catch (error) {
        if (!(error instanceof UndoConflictError)) throw error;
        io.err(`mlops promote: ${error.message}`);
        return 1;
      } finally {
        target.registry.close();
      }
    }
    const [name, version] = positionals;
    if (!name || !version || positionals.length !== 2 || !values.stage) throw new UsageError(`NAME, VERSION and --stage are required.\n${USAGE}`);
    const target = openTarget(values['registry-uri'], io);
    try {
      const result = await promote(promotionContext(target, policy, io), {
        model: name,
        version: await resolveVersionName(target.registry, name, version),
        stage: values.stage,
        ...(values['archive-existing'] ? { archiveExisting: true } : {}),
        ...(values.alias ? { alias: values.alias } : {}),
        ...(values['override-reason'] !== undefined ? { overrideReason: values['override-reason'] } : {}),
        actor: promotionActor(io.env, io.cwd),
      });
      io.out(formatGate(result.gate, 'text'));
      io.out(promotionSummary(result));
      return 0;
    } catch (error) {
      if (!(error instanceof PromotionBlockedError)) throw error;
      io.out(formatGate(error.gate, 'text'));
      io.err('mlops promote: the gate failed; nothing was changed. Pass --override-reason "why" to promote anyway (recorded on the version).');
      return 1;
    } finally {
      target.registry.close();
    }
  },
};
