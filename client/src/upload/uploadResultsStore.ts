// The uploads of this workspace, kept in its workspace state: each file's latest results (until dismissed with
// "Clear Upload Results"), and the recent uploads with their tracking ids ("Check Upload Status…"). Results are
// stored by row fingerprint, not by line (rowFingerprints.ts ties them back to the rows). Generic over the
// destination: Partner Center today, another service later.
import type * as vscode from 'vscode';
import type { SentDevice, UploadRowResult } from '../../../server/src/cloud/uploadEngine';
import type { UploadDestination } from '../../../server/src/cloud/uploadReport';

export interface StoredJob {
  trackingId: string;
  final: boolean;
  /** The devices as sent, to tie a later status read to the rows; dropped once the job is final. */
  devices: SentDevice[];
}

export interface StoredBatch {
  name: string;
  created: boolean;
  jobs: StoredJob[];
}

export interface StoredUpload {
  id: string;
  destination: UploadDestination;
  customerId: string;
  account?: string;
  /** ISO time. */
  uploadedAt: string;
  fileUri: string;
  fileName: string;
  batches: StoredBatch[];
  results: UploadRowResult[];
  /** Set when the upload stopped before every device was sent. */
  stopped?: { kind: string; message: string };
  /** The results were cleared ("Clear Upload Results"); the upload stays in the history. */
  dismissed?: boolean;
}

interface Listener {
  (fileUri: string): void;
}

const UPLOADS_KEY = 'autopilot.upload.uploads';
/** Uploads kept; only each file's newest keeps its results (a few MB at most). */
const UPLOADS_KEPT = 20;

export class UploadResultsStore {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly memento: vscode.Memento) {}

  /** Called with the file's URI whenever its results change. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The newest upload of the file whose results are still shown. */
  forFile(fileUri: string): StoredUpload | undefined {
    return this.uploads().find((upload) => upload.fileUri === fileUri && !upload.dismissed);
  }

  /** Files with results shown. */
  files(): string[] {
    return [...new Set(this.uploads().flatMap((upload) => (upload.dismissed ? [] : [upload.fileUri])))];
  }

  /** Recent uploads, newest first. */
  history(): StoredUpload[] {
    return this.uploads();
  }

  async add(upload: StoredUpload): Promise<void> {
    const older = this.uploads()
      .filter((other) => other.id !== upload.id)
      // The file's earlier results give way to these; their tracking ids stay in the history.
      .map((other) => (other.fileUri === upload.fileUri ? { ...other, results: [], dismissed: true } : other));
    await this.write([compact(upload), ...older].slice(0, UPLOADS_KEPT));
    this.fire(upload.fileUri);
  }

  /** Replaces the results of some rows of an upload (after a status check) and marks jobs final. */
  async update(uploadId: string, results: readonly UploadRowResult[], finalJobs: readonly string[]): Promise<StoredUpload | undefined> {
    const uploads = this.uploads();
    const upload = uploads.find((candidate) => candidate.id === uploadId);
    if (!upload) return undefined;
    const byFingerprint = new Map(results.map((result) => [result.fingerprint, result]));
    const updated: StoredUpload = compact({
      ...upload,
      results: upload.dismissed ? [] : upload.results.map((result) => byFingerprint.get(result.fingerprint) ?? result),
      batches: upload.batches.map((batch) => ({
        ...batch,
        jobs: batch.jobs.map((job) => (finalJobs.includes(job.trackingId) ? { ...job, final: true } : job)),
      })),
    });
    await this.write(uploads.map((candidate) => (candidate.id === uploadId ? updated : candidate)));
    this.fire(upload.fileUri);
    return updated;
  }

  /** Dismisses the results of one file ("Clear Upload Results"). */
  async dismiss(fileUri: string): Promise<boolean> {
    const uploads = this.uploads();
    if (!uploads.some((upload) => upload.fileUri === fileUri && !upload.dismissed)) return false;
    await this.write(uploads.map((upload) => (upload.fileUri === fileUri ? { ...upload, results: [], dismissed: true } : upload)));
    this.fire(fileUri);
    return true;
  }

  private uploads(): StoredUpload[] {
    const stored = this.memento.get<unknown>(UPLOADS_KEY);
    return Array.isArray(stored) ? (stored as StoredUpload[]) : [];
  }

  private async write(uploads: StoredUpload[]): Promise<void> {
    await this.memento.update(UPLOADS_KEY, uploads);
  }

  private fire(fileUri: string): void {
    for (const listener of [...this.listeners]) listener(fileUri);
  }
}

/** Finished jobs need no device list any more. */
function compact(upload: StoredUpload): StoredUpload {
  return {
    ...upload,
    batches: upload.batches.map((batch) => ({ ...batch, jobs: batch.jobs.map((job) => (job.final ? { ...job, devices: [] } : job)) })),
  };
}
