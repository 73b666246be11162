/**
 * The one file of src/logs/ that imports from other folders of the project: the reply classifier
 * (src/smtp/classifier.ts) and the reply-line parser (src/smtp/reply.ts). When modules move, only
 * these lines change.
 */
export { classify } from '../smtp/classifier.ts';
export { parseReplyLine } from '../smtp/reply.ts';
export type { ReplyClass } from '../smtp/classes.ts';
