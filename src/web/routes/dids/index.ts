import type { DidRow } from '../../../data/repositories/dids.js';
import type { Did } from '../../../domain/config/types.js';
import type { DidUsage } from '../../../domain/config/usages.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea, listPage } from '../../crud.js';
import { ListQuery } from '../../schemas/common.js';
import { DidBody } from '../../schemas/dids.js';
import { sampleCallWithDid } from '../../simulation/sample-call.js';
import { didIssuesToErrors, EMPTY_DID, readDidForm, type DidFormValues } from './form.js';
import { inUseMessage } from './usages.js';

export default crudArea<DidRow, DidRow, DidFormValues, Did, DidUsage, typeof DidBody>(({ dids }) => ({
  name: 'dids',
  access: ROUTING_EDITORS,
  repository: dids,
  words: { named: 'DID', alone: 'DID' },
  list: {
    query: ListQuery,
    data: async (request) => {
      const page = listPage(request);
      return { title: 'DIDs', list: await dids.page(page), search: page.search };
    },
  },
  keyOf: (did) => did.number,
  form: {
    body: DidBody,
    empty: EMPTY_DID,
    valuesOf: (did) => ({ ...did, callerIdName: did.callerIdName ?? '' }),
    read: readDidForm,
    issues: didIssuesToErrors,
  },
  inUse: (did, usages) => inUseMessage(did.number, usages),
  deletePage: { name: 'did' },
  nextCall: sampleCallWithDid,
}));
