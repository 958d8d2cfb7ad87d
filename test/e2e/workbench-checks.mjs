// The workbench checks of the real-editor test (issue 8): runs launched from the palette, the progress and
// pocket panels, the Runs view, cancel and resume, a study's comparison view. Filled in as the features land.
export async function workbenchChecks() {}
