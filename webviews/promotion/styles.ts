// The promotion view's styles, themed only with VS Code's CSS variables so every colour theme applies.
export const PROMOTION_CSS = `
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 8px; }
.store { color: var(--vscode-descriptionForeground); margin-bottom: 12px; }
.targets { display: flex; gap: 4px; margin: 12px 0; }
.targets button.selected { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); border-radius: 4px; padding: 8px 12px; }
.card .title { font-weight: 600; margin-bottom: 4px; }
.card .line { color: var(--vscode-descriptionForeground); }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; margin-left: 6px; font-size: 0.9em; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge.Production { background: var(--vscode-charts-green); color: var(--vscode-editor-background); }
.badge.Staging { background: var(--vscode-charts-yellow); color: var(--vscode-editor-background); }
.badge.Archived { background: var(--vscode-disabledForeground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
td.number { font-variant-numeric: tabular-nums; }
.better { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.worse { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
.changed td { background: var(--vscode-diffEditor-insertedLineBackground, transparent); }
ul.gate { list-style: none; padding: 0; margin: 0; }
ul.gate li { padding: 2px 0; }
.pass { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.fail { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
.gate-summary { font-weight: 600; margin-bottom: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 8px; }
button { font-family: inherit; font-size: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer;
  background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button:disabled { opacity: 0.5; cursor: default; }
input { font-family: inherit; font-size: inherit; padding: 3px 6px; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, transparent); }
.notice { padding: 6px 10px; margin: 12px 0; border-left: 3px solid var(--vscode-notificationsInfoIcon-foreground, var(--vscode-focusBorder)); background: var(--vscode-textBlockQuote-background); }
.notice.error { border-left-color: var(--vscode-errorForeground); }
.muted { color: var(--vscode-descriptionForeground); }
a { color: var(--vscode-textLink-foreground); cursor: pointer; }
`;
