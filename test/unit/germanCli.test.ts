// The command line in German beyond `check`: the usage, argument errors, the output of fix, convert, merge, split,
// upload and status, and the errors of sign-in and Partner Center. The same exit codes and the same --format json
// (keys, statuses, codes) as in English; only the words a person reads change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { runStatus, type JsonUploadResult, type UploadCliIo } from '../../server/src/cli/uploadCommand';
import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { describeResult, renderReport } from '../../server/src/cloud/uploadReport';
import { useLocale } from '../../server/src/core/locale';
import { FakePartnerCenter } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows } from '../doubles/uploadRows';
import { runUploadWith, type UploadRun } from './support/uploadRun';

const CLI = path.resolve('dist/cli.js');
const ENGLISH_ENV = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], locale: 'en' | 'de'): Run {
  const result = spawnSync(process.execPath, [CLI, '--locale', locale, ...args], { encoding: 'utf8', env: ENGLISH_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command in both languages: the exit codes agree; returns both runs. */
function both(args: readonly string[]): { en: Run; de: Run } {
  const en = cli(args, 'en');
  const de = cli(args, 'de');
  assert.equal(de.code, en.code, `${args.join(' ')}: same exit code\n${de.stderr}`);
  return { en, de };
}

function deviceLine(index: number, seed = 21, tag = ''): string {
  const device = syntheticDevice(index, seed);
  return `${device.serialNumber},,${generateHardwareHash(device, seed)},${tag}`;
}

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

describe('the command line in German: usage and argument errors', () => {
  it('prints the usage in German with the same commands and options (--help, upload --help, status --help)', () => {
    const { en, de } = both(['--help']);
    assert.equal(de.code, 0);
    assert.match(de.stdout, /^Aufruf:\n/);
    assert.match(
      de.stdout,
      /autopilot-csv fix \[--target intune\|partner-center\|mmd-portal\] \[--config FILE\] FILE {3}\(gibt die korrigierte Datei aus\)/,
    );
    assert.match(de.stdout, /Jeder Befehl akzeptiert --locale en\|de/);
    assert.match(de.stdout, /Exitcodes: 0 kein Befund der Stufe Fehler/);
    // Every synopsis line (what is typed) is the same in both languages.
    const synopsis = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('  autopilot-csv'))
        .map((line) => line.split('   (')[0]);
    assert.deepEqual(synopsis(de.stdout), synopsis(en.stdout));

    const upload = both(['upload', '--help']);
    assert.equal(upload.de.code, 0);
    assert.match(upload.de.stdout, /^Aufruf: autopilot-csv upload FILE --customer <tenant id>/);
    assert.match(upload.de.stdout, /--device-code {2}mit einem Gerätecode statt im Browser anmelden/);
    assert.match(upload.de.stdout, /Anmeldung: das Token in AUTOPILOT_ACCESS_TOKEN/);

    const status = both(['status', '--help']);
    assert.match(status.de.stdout, /^Aufruf: autopilot-csv status --customer <tenant id> --tracking-id <id>/);
    assert.match(status.de.stdout, /Liest einmal den Batchauftrag/);
  });

  it('says what is wrong with the command line in German, exit 2 as in English', () => {
    const cases: Array<[string[], RegExp]> = [
      [['check'], /^autopilot-csv: check benötigt mindestens eine FILE oder ein DIR\n\nAufruf:/],
      [['check', '--colour', 'x.csv'], /^autopilot-csv: unbekannte Option --colour/],
      [['check', '--format', 'xml', 'x.csv'], /^autopilot-csv: --format muss text oder json sein/],
      [['frobnicate'], /^autopilot-csv: unbekannter Befehl „frobnicate“/],
      [['split', '--rows', '0', 'x.csv'], /^autopilot-csv: --rows muss eine ganze Zahl von Geräten sein, mindestens 1/],
      [
        ['upload', 'x.csv', '--customer', 'contoso'],
        /^autopilot-csv upload: --customer muss die Mandanten-ID des Kunden sein \(eine GUID\), nicht „contoso“/,
      ],
      [['upload', 'x.csv', '--customer', randomUUID(), '--batch', 'a,b'], /--batch: ein Gruppentag darf keine Kommas/],
      [['status', '--customer', randomUUID()], /^autopilot-csv status: --tracking-id ist erforderlich/],
    ];
    for (const [args, german] of cases) {
      const { de } = both(args);
      assert.equal(de.code, 2, args.join(' '));
      assert.match(de.stderr, german, args.join(' '));
    }
  });
});

describe('the command line in German: fix, convert, merge, split and check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'autopilot-german-cli-'));
  const spaced = path.join(dir, 'spaced.csv');
  writeFileSync(spaced, `${HEADER}\r\n ${deviceLine(1)} \r\n${deviceLine(2)}\r\n`);
  const clean = path.join(dir, 'clean.csv');
  writeFileSync(clean, `${HEADER}\r\n${deviceLine(3)}\r\n${deviceLine(4)}\r\n${deviceLine(5)}\r\n`);

  it('fix says what it fixed and what is left in German; the fixed file is the same', () => {
    const { en, de } = both(['fix', spaced]);
    assert.equal(de.stdout, en.stdout);
    assert.match(de.stderr, /spaced\.csv: korrigiert: \S+ x\d+; \d+ Befund\(e\) übrig/);
    assert.match(both(['fix', clean]).de.stderr, /clean\.csv: nichts automatisch zu korrigieren; 0 Befund\(e\) übrig/);
  });

  it('convert, merge and split report in German; their files are the same', () => {
    const convert = both(['convert', '--to', 'partner-center', clean]);
    assert.equal(convert.de.stdout, convert.en.stdout);
    assert.match(convert.de.stderr, /clean\.csv: 3 Gerät\(e\) konvertiert/);

    const merge = both(['merge', spaced, clean]);
    assert.equal(merge.de.stdout, merge.en.stdout);
    assert.match(merge.de.stderr, /\d+ Gerät\(e\) aus 2 Datei\(en\) zusammengeführt/);
    assert.match(
      both(['merge', path.join(dir, 'missing.csv')]).de.stderr,
      /missing\.csv: Datei oder Ordner nicht vorhanden\nautopilot-csv: nichts zusammengeführt: ein Pfad konnte nicht gelesen werden/,
    );

    const split = both(['split', '--rows', '2', '--force', clean]);
    assert.equal(split.de.code, 0);
    assert.match(
      split.de.stderr,
      /clean\.csv: in 2 Dateien mit höchstens 2 Geräten aufgeteilt: clean-part1\.csv, clean-part2\.csv; clean\.csv ist unverändert/,
    );
    assert.deepEqual(
      readdirSync(dir)
        .filter((name) => name.startsWith('clean-part'))
        .sort(),
      ['clean-part1.csv', 'clean-part2.csv'],
    );
    assert.match(both(['split', '--rows', '5', clean]).de.stderr, /höchstens 5 Geräte: nichts aufzuteilen/);
  });

  it('check says an unreadable path in German, with the same codes in its JSON', () => {
    const missing = path.join(dir, 'nope.csv');
    const text = both(['check', missing]);
    assert.equal(text.de.code, 2);
    assert.match(text.de.stdout, /nope\.csv: error file-unreadable: Datei oder Ordner nicht vorhanden\n/);
    assert.match(text.de.stdout, /0 Dateien geprüft/);
    const json = both(['check', '--format', 'json', missing]);
    const strip = (run: Run) => (JSON.parse(run.stdout) as Array<Record<string, unknown>>).map(({ message: _message, ...rest }) => rest);
    assert.deepEqual(strip(json.de), strip(json.en));
  });
});

describe('the command line in German: upload and status against Partner Center', () => {
  let pc: FakePartnerCenter;
  let token: string;

  before(async () => {
    pc = await FakePartnerCenter.start();
    token = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
  });
  after(() => pc.stop());

  function newCustomer(): string {
    const id = randomUUID();
    pc.customers.push({ id, name: 'Contoso', domain: 'contoso.example' });
    return id;
  }

  const upload = (argv: string[], rows: UploadRow[], locale: 'en' | 'de', io: Partial<UploadCliIo> = {}): Promise<UploadRun> =>
    runUploadWith(argv, rows, token, { locale, ...io });

  /** Three devices: one registers, one belongs to another organization (808), one is in another batch (806). */
  function threeDevices(seed: number): { customer: string; rows: UploadRow[] } {
    const customer = newCustomer();
    const rows = syntheticRows(3, { seed });
    pc.preRegister(newCustomer(), { hardwareHash: rows[1]?.hardwareHash });
    pc.preRegister(customer, { hardwareHash: rows[2]?.hardwareHash });
    return { customer, rows };
  }

  it('prints the outcome of each device and what to do in German, with the exit code and JSON of English', async () => {
    const german = threeDevices(301);
    const de = await upload(
      ['devices.csv', '--customer', german.customer, '--endpoint', pc.baseUrl, '--batch', 'Sales'],
      german.rows,
      'de',
    );
    const english = threeDevices(305);
    const en = await upload(
      ['devices.csv', '--customer', english.customer, '--endpoint', pc.baseUrl, '--batch', 'Sales'],
      english.rows,
      'en',
    );
    assert.equal(en.code, 1, en.stderr);
    assert.equal(de.code, en.code);
    const [first, second, third] = german.rows.map((row) => row.serialNumber);
    assert.ok(de.stdout.includes(`devices.csv:2: ${first}: registriert in Gerätebatch „Sales“\n`), de.stdout);
    assert.ok(
      de.stdout.includes(
        `devices.csv:3: ${second}: abgelehnt: 808 ZtdDeviceAssignedToOtherTenant. Das Gerät ist für eine andere Organisation registriert: Bitten Sie den vorherigen Besitzer`,
      ),
      de.stdout,
    );
    assert.ok(
      de.stdout.includes(
        `devices.csv:4: ${third}: bereits anderswo registriert, Gruppentag nicht angewendet (806 ZtdDeviceAlreadyAssigned). Partner Center hat das Gerät nicht zu Gerätebatch „Sales“ hinzugefügt`,
      ),
      de.stdout,
    );
    assert.match(
      de.stdout,
      new RegExp(
        `Zu Kunde ${german.customer} hochgeladen: 1 registriert, 1 anderswo registriert \\(Gruppentag nicht angewendet\\), 1 abgelehnt \\(von 3 Geräten\\)\\. Gerätebatches: Sales \\(erstellt; Tracking-ID `,
      ),
    );
    assert.match(de.stderr, /Die Gerätebatches des Kunden werden gelesen…\n/);
    assert.match(de.stderr, /3 Geräte werden an Gerätebatch „Sales“ gesendet…\n/);

    // Other devices in each language (the double remembers where a device was registered): all but the serial numbers agree.
    const json = async (locale: 'en' | 'de', seed: number) => {
      const { customer, rows } = threeDevices(seed);
      const run = await upload(
        ['devices.csv', '--customer', customer, '--endpoint', pc.baseUrl, '--batch', 'Sales', '--format', 'json'],
        rows,
        locale,
      );
      return {
        code: run.code,
        results: (JSON.parse(run.stdout) as JsonUploadResult[]).map(({ trackingId, serialNumber, ...rest }) => ({
          ...rest,
          serialNumber: Boolean(serialNumber),
          trackingId: Boolean(trackingId),
        })),
      };
    };
    assert.deepEqual(await json('de', 302), await json('en', 306));
  });

  it('says in German that rows need a batch name, before anything is sent (exit 2)', async () => {
    const rows = syntheticRows(2, { seed: 303 });
    const before = pc.requests.length;
    const de = await upload(['devices.csv', '--customer', newCustomer(), '--endpoint', pc.baseUrl], rows, 'de');
    assert.equal(de.code, 2);
    assert.match(de.stderr, /2 Zeilen von devices\.csv \(Zeilen 2, 3\) haben kein Gruppentag: Geben Sie --batch NAME an\./);
    assert.equal(pc.requests.length, before);
  });

  it('explains a refused sign-in, a refused customer, an unreachable service and a missing client id in German (exit 2)', async () => {
    const expired = mintAccessToken({ tenantId: pc.settings.partnerTenantId, lifetimeSeconds: -60 });
    const args = (customer: string, endpoint = pc.baseUrl) => [
      'devices.csv',
      '--customer',
      customer,
      '--endpoint',
      endpoint,
      '--batch',
      'Sales',
    ];
    const denied = await upload(args(newCustomer()), syntheticRows(1), 'de', { env: { AUTOPILOT_ACCESS_TOKEN: expired } });
    assert.equal(denied.code, 2);
    assert.match(
      denied.stderr,
      /autopilot-csv upload: Partner Center hat Ihre Anmeldung nicht akzeptiert \(HTTP 401\) beim Versuch, die Gerätebatches von Kunde [0-9a-f-]+ aufzulisten\..* Das Token stammt aus AUTOPILOT_ACCESS_TOKEN/s,
    );

    const stranger = randomUUID();
    const refused = await upload(args(stranger), syntheticRows(1), 'de');
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      new RegExp(
        `Partner Center hat es abgelehnt, die Gerätebatches von Kunde ${stranger} aufzulisten \\(HTTP 403[^)]*\\): Der Partner hat keine Beziehung zu Kunde ${stranger}`,
      ),
    );

    const gone = await FakePartnerCenter.start();
    await gone.stop();
    const unreachable = await upload(args(randomUUID(), gone.baseUrl), syntheticRows(1), 'de');
    assert.equal(unreachable.code, 2);
    assert.match(
      unreachable.stderr,
      /Partner Center unter http:\/\/127\.0\.0\.1:\d+ ist nicht erreichbar, um die Gerätebatches von Kunde .* Wiederholungen\. Prüfen Sie Ihre Netzwerkverbindung/,
    );

    const noClient = await upload(args(newCustomer()), syntheticRows(1), 'de', { env: {} });
    assert.equal(noClient.code, 2);
    assert.match(
      noClient.stderr,
      /Die Anmeldung benötigt die Anwendungs-ID \(Client-ID\) Ihrer App-Registrierung in Microsoft Entra\. .*siehe „Register an app for sign-in“/,
    );
  });

  it('status reads a batch job in German, with the JSON of English', async () => {
    const { customer, rows } = threeDevices(304);
    await upload(['devices.csv', '--customer', customer, '--endpoint', pc.baseUrl, '--batch', 'Sales'], rows, 'en');
    const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
    const status = async (locale: 'en' | 'de', ...extra: string[]): Promise<Run> => {
      let stdout = '';
      let stderr = '';
      const code = await runStatus(['--customer', customer, '--tracking-id', trackingId, '--endpoint', pc.baseUrl, ...extra], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        env: { AUTOPILOT_ACCESS_TOKEN: token },
        locale,
      });
      return { code, stdout, stderr };
    };
    const de = await status('de');
    assert.equal(de.code, (await status('en')).code);
    assert.match(de.stdout, new RegExp(`^Batchauftrag ${trackingId} von Kunde ${customer}: [a-z ]+, 3 Geräte\\.\\n`));
    assert.match(de.stdout, /: abgelehnt: 808 ZtdDeviceAssignedToOtherTenant\. Das Gerät ist für eine andere Organisation registriert/);
    assert.deepEqual(
      JSON.parse((await status('de', '--format', 'json')).stdout),
      JSON.parse((await status('en', '--format', 'json')).stdout),
    );
  });
});

describe('the upload report and Intune results in German', () => {
  after(() => useLocale('en'));

  it('writes the report with German headings and advice, the statuses as codes', () => {
    useLocale('de');
    const report = renderReport(
      [{ line: 1, serialNumber: 'SN1', fingerprint: '', status: 'rejected', errorCode: '802', errorDescription: 'InvalidZtdHardwareHash' }],
      {
        destination: { service: 'Partner Center', customerName: 'Contoso', tenantId: 'c0ffee' },
        uploadedAt: new Date('2026-12-05T03:00:00Z'),
      },
    );
    const [heading, row] = report.split('\r\n');
    assert.equal(
      heading,
      'Zeile,Seriennummer,Status,Gerätebatch,Tracking-ID,Fehlercode,Fehlerbeschreibung,Was zu tun ist,Kunde,Mandanten-ID,Hochgeladen nach,Angemeldetes Konto,Hochgeladen am (UTC),Datei',
    );
    assert.match(row ?? '', /^2,SN1,rejected,,,802,InvalidZtdHardwareHash,Der Hardwarehash ist ungültig/);
  });

  it('says where Intune keeps a device that kept its group tag, in German', () => {
    useLocale('de');
    const line = describeResult(
      {
        line: 1,
        serialNumber: 'SN1',
        fingerprint: '',
        status: 'tag-not-applied',
        errorCode: '806',
        errorDescription: 'ZtdDeviceAlreadyAssigned',
      },
      'Intune',
    );
    assert.equal(
      line,
      'bereits in diesem Mandanten registriert (806 ZtdDeviceAlreadyAssigned). Der Mandant hat dieses Gerät bereits, daher hat Intune sein aktuelles Gruppentag und den zugewiesenen Benutzer beibehalten. Wenn diese wichtig sind, ändern Sie sie in Intune (Geräte > Registrierung > Windows Autopilot-Geräte).',
    );
  });
});
