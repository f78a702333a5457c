import * as vscode from 'vscode';
import { configPeople } from '../../core/simulate/people';
import { Commands } from '../base/constants';
import { isLarge } from '../base/documentSize';
import type { ConfigFiles } from '../tenant/configFiles';

/** "Preview Requests" above each assignment of a config. */
export class AssignmentCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly files: ConfigFiles) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.files.matches(doc)) return [];
    // A lens per person is for files a person reads; a large one gets the palette command (docs/benchmarks.md).
    if (isLarge(doc)) return [];
    const read = configPeople(doc.getText());
    return read.people.map((p) => {
      const at = doc.positionAt(p.start);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: '$(open-preview) Preview Requests',
        tooltip: `The requests the identity provider sends for ${p.assignment.userName} (nothing is sent)`,
        command: Commands.previewRequests,
        arguments: [doc.uri, p.assignment.userName],
      });
    });
  }
}
