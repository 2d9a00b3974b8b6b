import type { TrunkListRow, TrunkRow } from '../../../data/repositories/trunks.js';
import type { Trunk } from '../../../domain/config/types.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { TrunkBody } from '../../schemas/trunks.js';
import { sampleCallViaTrunk } from '../../simulation/sample-call.js';
import { EMPTY_TRUNK, EXAMPLE_NUMBER, formatChoices, readTrunkForm, trunkInUseMessage, trunkIssuesToErrors, type TrunkFormValues } from './form.js';

export default crudArea<TrunkListRow, TrunkRow, TrunkFormValues, Trunk, string, typeof TrunkBody>(({ trunks }) => ({
  name: 'trunks',
  access: ROUTING_EDITORS,
  repository: trunks,
  words: { named: 'trunk', alone: 'trunk' },
  list: {
    data: async () => {
      const [rows, plan] = await Promise.all([trunks.list(), trunks.numberingPlan()]);
      const formats = Object.fromEntries(formatChoices(plan).map((choice) => [choice.value, choice.example]));
      return { title: 'Trunks', rows, formats, exampleNumber: EXAMPLE_NUMBER };
    },
  },
  keyOf: (trunk) => trunk.name,
  form: {
    body: TrunkBody,
    empty: EMPTY_TRUNK,
    valuesOf: (trunk) => trunk,
    read: readTrunkForm,
    issues: trunkIssuesToErrors,
    choices: async () => ({ formats: formatChoices(await trunks.numberingPlan()), exampleNumber: EXAMPLE_NUMBER }),
  },
  inUse: trunkInUseMessage,
  deletePage: { name: 'trunk' },
  nextCall: sampleCallViaTrunk,
}));
