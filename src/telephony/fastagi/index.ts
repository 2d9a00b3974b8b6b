export { AgiEnvironmentError, parseAgiEnvironment, type AgiEnvironment, type AgiEnvironmentProblem } from './env.js';
export { AgiCommandInjectionError, formatAgiCommand, quoteAgiArgument } from './quote.js';
export { AgiCommandError, AgiProtocolError, parseAgiReply, type AgiReply } from './reply.js';
export { AgiCommandTimeoutError, AgiSession, AgiSessionClosedError, type AgiSessionOptions } from './session.js';
export { withFailureHandler, type AgiFailureHandler } from './failure.js';
export {
  AgiUnknownScriptError,
  FastAgiServer,
  type AgiScript,
  type AgiScriptResolver,
  type FastAgiAddress,
  type FastAgiServerOptions,
} from './server.js';
