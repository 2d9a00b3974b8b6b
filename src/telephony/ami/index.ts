export { AmiActionError, AmiClient, AmiDisconnectedError, AmiTimeoutError, type AmiClientOptions, type AmiClientState, type AmiListResult } from './client.js';
export { AmiInputError, AmiMessage, AmiParser, AmiProtocolError, serializeAction, type AmiActionFields } from './message.js';
