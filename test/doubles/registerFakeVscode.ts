// Import first: makes `require('vscode')` return the fake, so command modules load under node:test.
import Module from 'node:module';
import { fakeVscode } from './fakeVscode';

const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const load = loader._load.bind(loader);
loader._load = (request, parent, isMain) => (request === 'vscode' ? fakeVscode.api : load(request, parent, isMain));
