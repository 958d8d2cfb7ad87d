/** The study view's host side: sends the study (or comparison) built by study-data.ts after each `ready`. */
import type * as vscode from 'vscode';
import { ToStudyCheck, type ToStudy } from '../../protocol/webview.js';
import type { Ctx } from '../ctx.js';
import { PanelHost } from './panel-host.js';
import { studyMessage, type StudySource } from './study-data.js';

export class StudyPanel extends PanelHost<ToStudy> {
    constructor(panel: vscode.WebviewPanel, ctx: Ctx, readonly source: StudySource) {
        super(panel, ctx, 'study', ToStudyCheck);
    }

    protected sendSnapshot(): void {
        const message = studyMessage(this.source);
        if (message.type === 'study/error') this.log(message.message);
        this.post(message);
    }
}
