// Entry of the device table's page (bundled by esbuild.mjs into dist/webview/deviceTable.js and .css): connects the
// view to the extension through the webview API, and tells the extension it is ready for the rows.
import './deviceTable.css';
import type { HostMessage, PageMessage } from './tableMessages';
import type { PageData } from './tableStrings';
import { DeviceTableView, type SavedState } from './tableView';

interface WebviewApi {
  postMessage(message: PageMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): WebviewApi;

const api = acquireVsCodeApi();
const root = document.getElementById('app');
if (root?.dataset.page) {
  // The words in the display language, from the extension (client/src/deviceTable/tablePage.ts).
  const page = JSON.parse(root.dataset.page) as PageData;
  const view = new DeviceTableView(
    root,
    {
      post: (message) => api.postMessage(message),
      getState: () => api.getState(),
      setState: (state) => api.setState(state),
    },
    page,
  );
  window.addEventListener('message', (event: MessageEvent<HostMessage>) => view.receive(event.data));
  api.postMessage({ type: 'ready' });
}
