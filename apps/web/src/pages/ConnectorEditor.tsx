import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, ValidatorType } from '@rjsf/utils';
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, ConnectionLostError, type TestResult } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Link } from '../components/Link.js';
import { TestOutcome } from '../components/TestOutcome.js';
import { TypePicker } from '../components/TypePicker.js';
import { typeDisplayName, typeInfo } from '../connectors.js';
import type { FormModule } from '../form-module.js';
import { placeErrors } from '../form/field-errors.js';
import { BUTTON_TEMPLATES, fieldLabel } from '../form/templates.js';
import { type FormContext, SecretWidget, SwitchWidget } from '../form/widgets.js';
import { FORM_MODULES } from '../generated/forms.js';
import { navigate } from '../router.js';
import { useSession, writeBlockedReason } from '../session.js';

type Config = Record<string, unknown>;

interface LoadedForm {
  type: string;
  schema: RJSFSchema;
  validator: ValidatorType<Config, RJSFSchema, FormContext>;
  uiSchema: UiSchema<Config, RJSFSchema, FormContext>;
  secrets: ReadonlySet<string>;
  fields: ReadonlySet<string>;
}

const WIDGETS = { CheckboxWidget: SwitchWidget, SecretWidget };
/** The element that says why the key may not change this connector: what its disabled controls point to. */
const BLOCKED_REASON_ID = 'write-blocked';
const TEMPLATES = { ButtonTemplates: BUTTON_TEMPLATES };

/** The API redacts by key name and in URLs too: a served value holding a mask is shown as a secret. */
function looksMasked(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('****') || value === '[REDACTED]');
}

/** A secret the server holds: it serves a non-empty mask in its place. */
function looksStored(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

interface PropertySchema {
  'x-secret'?: unknown;
  writeOnly?: boolean;
  title?: string;
  properties?: Record<string, PropertySchema>;
}

/** The schema's title labels a field; one without gets its key in words, the fields of a nested object too. */
function labels(properties: Record<string, PropertySchema>): UiSchema<Config, RJSFSchema, FormContext> {
  const uiSchema: UiSchema<Config, RJSFSchema, FormContext> = {};
  for (const [field, property] of Object.entries(properties)) {
    uiSchema[field] = { ...(property.title ? {} : { 'ui:title': fieldLabel(field) }), ...(property.properties ? labels(property.properties) : {}) };
  }
  return uiSchema;
}

function loadedForm(type: string, module: FormModule, served: Config): LoadedForm {
  const properties = (module.formSchema.properties ?? {}) as Record<string, PropertySchema>;
  const secrets = new Set(
    Object.keys(properties).filter(
      (field) => properties[field]['x-secret'] !== undefined || properties[field].writeOnly === true || looksMasked(served[field]),
    ),
  );
  const uiSchema: UiSchema<Config, RJSFSchema, FormContext> = { ...labels(properties), 'ui:submitButtonOptions': { norender: true } };
  for (const field of secrets) uiSchema[field] = { ...(uiSchema[field] as UiSchema<Config, RJSFSchema, FormContext>), 'ui:widget': 'SecretWidget' };
  return {
    type,
    schema: module.formSchema,
    validator: createPrecompiledValidator<Config, RJSFSchema, FormContext>(module.validateFns, module.formSchema),
    uiSchema,
    secrets,
    fields: new Set(Object.keys(properties)),
  };
}

/** Add a connector (type, name, the type's form) or edit one: save, test the connection, delete. */
export default function ConnectorEditor({ name }: { name?: string }) {
  const session = useSession();
  const existing = name === undefined ? undefined : session.connectors.find((row) => row.name === name);
  const blocked = writeBlockedReason(session);

  const [type, setType] = useState(existing?.type ?? '');
  const [connectorName, setConnectorName] = useState(existing?.name ?? '');
  const [nameEdited, setNameEdited] = useState(existing !== undefined);
  const [form, setForm] = useState<LoadedForm | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const served = useMemo<Config>(() => existing?.config ?? {}, [existing]);
  const [formData, setFormData] = useState<Config>(served);
  const formDataRef = useRef(formData);
  const [dirty, setDirty] = useState(false);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const [nameProblem, setNameProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState<'save' | 'test' | 'delete' | undefined>();
  const [test, setTest] = useState<TestResult | undefined>();
  const [testNote, setTestNote] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);

  // The type's form code is its own chunk, loaded when the type is chosen.
  useEffect(() => {
    setForm(undefined);
    setFormError(undefined);
    if (type === '') return;
    const load = Object.hasOwn(FORM_MODULES, type) ? FORM_MODULES[type] : undefined;
    if (!load) {
      setFormError(`No form for type "${type}": no plugin of that type is loaded. Use the API to edit it.`);
      return;
    }
    let current = true;
    load().then(
      (module) => current && setForm(loadedForm(type, module, served)),
      () => current && setFormError('The form could not be loaded. Check the connection and reload the page.'),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the type reloads the form: `served` is fixed for this editor's life
  }, [type]);

  // The last stored connection test of a saved connector, when the server offers connection tests.
  useEffect(() => {
    if (!existing) return;
    let current = true;
    api.lastTest(existing.name).then(
      (result) => {
        if (!current) return;
        setTest(result);
        session.rememberTest(existing.name, result);
      },
      () => undefined, // none yet, or no connection tests on this server: nothing to show
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per connector name: `session` changes with every test result it remembers
  }, [existing?.name]);

  if (name !== undefined && !existing) {
    return (
      <section className="card">
        <h1>Connector not found</h1>
        <p>No connector is named “{name}”. It may have been deleted or renamed.</p>
        <Link to={{ page: 'list' }}>Back to the connectors</Link>
      </section>
    );
  }

  const chooseType = (next: string) => {
    setType(next);
    setFormData({});
    formDataRef.current = {};
    setExtraErrors(undefined);
    setProblems([]);
    setTest(undefined);
    if (!nameEdited) setConnectorName(next !== '' && !session.connectors.some((row) => row.name === next) ? next : '');
  };

  const report = (error: unknown): void => {
    if (error instanceof ApiError) {
      const placed = placeErrors(error.message, form?.fields ?? new Set());
      setExtraErrors(Object.keys(placed.fields).length > 0 ? placed.fields : undefined);
      // Take a keyboard or screen-reader user to the first field the server named.
      const first = Object.keys(placed.fields)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`root_${first}`)?.focus());
      const aboutName = placed.general.filter((problem) => /\bname\b/i.test(problem));
      setNameProblem(aboutName[0]);
      setProblems(placed.general.filter((problem) => !aboutName.includes(problem)));
    } else if (error instanceof ConnectionLostError) {
      setProblems([`${error.message} Your changes are kept here: try again when the server is back.`]);
    } else {
      session.fail(error);
    }
  };

  /** Saving and deleting end alike: the list, reloaded, once the server took the change; else its problems here. */
  const changeThenList = async (kind: 'save' | 'delete', change: () => Promise<unknown>) => {
    setBusy(kind);
    try {
      await change();
      await session.reload();
      navigate({ page: 'list' });
    } catch (error) {
      report(error);
    } finally {
      setBusy(undefined);
    }
  };

  const save = async () => {
    if (connectorName.trim() === '') {
      setNameProblem('Enter a name for the connector.');
      return;
    }
    setProblems([]);
    setNameProblem(undefined);
    setExtraErrors(undefined);
    const body = { name: connectorName.trim(), type, params: formDataRef.current };
    await changeThenList('save', () => (existing ? api.update(session.ilertPrefix, existing.id, body) : api.create(session.ilertPrefix, body)));
  };

  const testConnection = async () => {
    setBusy('test');
    setTestNote(undefined);
    try {
      // A saved connector whose form is unchanged is tested as stored; otherwise what the form holds,
      // with the name so that secrets left as stored are taken from the store.
      const result = existing && !dirty ? await api.testSaved(existing.name) : await api.testUnsaved(type, formDataRef.current, existing?.name);
      setTest(result);
      if (existing) session.rememberTest(existing.name, result);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setTestNote('Connection tests are not available on this server.');
      else if (error instanceof ApiError) setTestNote(error.message);
      else if (error instanceof ConnectionLostError) setTestNote(error.message);
      else session.fail(error);
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    if (!existing) return;
    setConfirming(false);
    await changeThenList('delete', () => api.remove(session.ilertPrefix, existing.id));
  };

  const info = type === '' ? undefined : typeInfo(type);
  const context: FormContext = { served, disabledReasonId: blocked ? BLOCKED_REASON_ID : undefined };

  return (
    <section>
      <p>
        <Link to={{ page: 'list' }}>← Connectors</Link>
      </p>
      <h1>{existing ? `Edit ${existing.name}` : 'Add connector'}</h1>
      {blocked ? <p className="note">{blocked}</p> : null}
      <div className="card">
        {existing ? (
          <p>
            Type: <strong>{typeDisplayName(existing.type)}</strong>
            {info ? <span className="muted"> — {info.description}</span> : null}
          </p>
        ) : (
          <TypePicker type={type} onChoose={chooseType} />
        )}
        {type !== '' ? (
          <div className="field">
            <label htmlFor="connector-name">Name</label>
            <input
              id="connector-name"
              value={connectorName}
              required
              disabled={blocked !== undefined}
              aria-invalid={nameProblem ? true : undefined}
              aria-describedby="connector-name-help connector-name-error"
              onChange={(event) => {
                setConnectorName(event.target.value);
                setNameEdited(true);
              }}
            />
            <p id="connector-name-help" className="muted">
              The key in the Eliza config file; the runtime finds a connector by its type's name (e.g. “telegram”).
            </p>
            <p id="connector-name-error" className="error">
              {nameProblem}
            </p>
          </div>
        ) : null}
        {formError ? <p className="error">{formError}</p> : null}
        {type !== '' && !form && !formError ? <p role="status">Loading the form…</p> : null}
        {form && form.type === type ? (
          <Form<Config, RJSFSchema, FormContext>
            schema={form.schema}
            uiSchema={form.uiSchema}
            validator={form.validator}
            formData={formData}
            formContext={context}
            widgets={WIDGETS}
            templates={TEMPLATES}
            extraErrors={extraErrors}
            disabled={blocked !== undefined}
            noHtml5Validate
            showErrorList={false}
            focusOnFirstError
            experimental_defaultFormStateBehavior={existing ? { emptyObjectFields: 'skipDefaults' } : undefined}
            transformErrors={(errors: RJSFValidationError[]) =>
              // A secret left as stored holds its mask, which no pattern of the real value matches.
              errors.filter((error) => {
                const field = error.property?.replace(/^\./, '').split(/[.[]/)[0];
                return !(field && form.secrets.has(field) && looksStored(served[field]) && formDataRef.current[field] === served[field]);
              })
            }
            onChange={(event: IChangeEvent<Config>) => {
              formDataRef.current = event.formData ?? {};
              setFormData(formDataRef.current);
              setDirty(true);
            }}
            onError={() => setProblems(['Some fields need attention: see the messages next to them.'])}
            onSubmit={() => void save()}
          >
            {problems.length > 0 ? (
              <div role="alert" className="error-box">
                {problems.map((problem) => (
                  <p key={problem}>{problem}</p>
                ))}
              </div>
            ) : null}
            <div className="actions">
              <button type="submit" className="primary" disabled={blocked !== undefined || busy !== undefined} aria-describedby={context.disabledReasonId}>
                {busy === 'save' ? 'Saving…' : 'Save'}
              </button>
              <button
                type="button"
                disabled={blocked !== undefined || busy !== undefined}
                aria-describedby={context.disabledReasonId}
                onClick={() => void testConnection()}
              >
                Test connection
              </button>
              {existing ? (
                <button
                  type="button"
                  className="danger"
                  disabled={blocked !== undefined || busy !== undefined}
                  aria-describedby={context.disabledReasonId}
                  onClick={() => setConfirming(true)}
                >
                  Delete
                </button>
              ) : null}
            </div>
            {blocked ? (
              <p id={BLOCKED_REASON_ID} className="muted">
                {blocked}
              </p>
            ) : null}
            <div role="status" aria-live="polite" className="test-result">
              {busy === 'test' ? <p>Testing the connection…</p> : null}
              {testNote ? <p>{testNote}</p> : null}
              {test && busy !== 'test' ? <TestOutcome result={test} /> : null}
            </div>
          </Form>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete connector “${existing?.name ?? ''}”?`}
        confirmLabel="Delete"
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>The connector and its stored secrets are removed from Switchboard and from the Eliza config file. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
