/**
 * File annotations (`::error file=…,line=…,title=…::message`) through @actions/core, which escapes
 * the message and the properties, so a file name or SQL in them cannot end the command early.
 */
import * as core from '@actions/core';
import type { Annotation } from '../migrations/annotations.js';

export type AnnotationSink = Pick<typeof core, 'error' | 'warning'>;

export function emitAnnotations(annotations: readonly Annotation[], sink: AnnotationSink = core): void {
  for (const a of annotations) {
    const properties = { file: a.file, startLine: a.line, title: a.title };
    if (a.level === 'error') sink.error(a.message, properties);
    else sink.warning(a.message, properties);
  }
}
