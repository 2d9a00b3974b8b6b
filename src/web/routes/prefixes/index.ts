import type { PrefixListRow, PrefixRuleRow } from '../../../data/repositories/prefixes.js';
import type { PrefixRule } from '../../../domain/config/types.js';
import type { PrefixUsage } from '../../../domain/config/usages.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { PrefixBody } from '../../schemas/prefixes.js';
import { sampleCallThroughPrefix } from '../../simulation/sample-call.js';
import { EMPTY_PREFIX, prefixDidChoices, prefixInUseMessage, prefixIssuesToErrors, readPrefixForm, type PrefixFormValues } from './form.js';

export default crudArea<PrefixListRow, PrefixRuleRow, PrefixFormValues, PrefixRule, PrefixUsage, typeof PrefixBody>(({ prefixes }) => ({
  name: 'prefixes',
  access: ROUTING_EDITORS,
  repository: prefixes,
  words: { named: 'prefix', alone: 'prefix rule' },
  list: { data: async () => ({ title: 'Prefix rules', rows: await prefixes.list() }) },
  keyOf: (rule) => rule.prefix,
  form: {
    body: PrefixBody,
    empty: EMPTY_PREFIX,
    valuesOf: (rule) => rule,
    read: readPrefixForm,
    issues: prefixIssuesToErrors,
    choices: async (values) => {
      const [dids, agents] = await Promise.all([prefixes.didChoices(), prefixes.agentChoices()]);
      return { didChoices: prefixDidChoices(dids, values.did), agents };
    },
  },
  inUse: prefixInUseMessage,
  deletePage: { name: 'rule' },
  nextCall: sampleCallThroughPrefix,
}));
