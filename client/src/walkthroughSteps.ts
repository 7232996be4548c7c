// The walkthrough ticks a step when the thing it asks for succeeded, not when its button was pressed: each step
// completes on a context key (package.json `completionEvents: onContext:…`) that the command sets on success.
//
// The key is set only for a moment. VS Code registers the walkthrough's steps when the walkthrough is first shown,
// and a key that is already true then is taken as seen without ticking the step, for the rest of the session. A key
// that went back to false cannot be taken so: the next success, with the walkthrough open, ticks the step.
import * as vscode from 'vscode';

export const WALKTHROUGH_STEPS = {
  opened: 'autopilot.walkthrough.opened',
  fixed: 'autopilot.walkthrough.fixed',
  signedIn: 'autopilot.walkthrough.signedIn',
  uploaded: 'autopilot.walkthrough.uploaded',
} as const;

/** Long enough for the workbench to see the key change; short enough that a walkthrough opened later does not. */
const PULSE_MS = 1_000;

export function completeWalkthroughStep(step: keyof typeof WALKTHROUGH_STEPS): void {
  const key = WALKTHROUGH_STEPS[step];
  void vscode.commands.executeCommand('setContext', key, true).then(() => {
    setTimeout(() => void vscode.commands.executeCommand('setContext', key, false), PULSE_MS).unref();
  });
}
