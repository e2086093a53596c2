import { type Branding, checkBranding, LOGO_MEDIA_TYPES, productNameSchema } from '@gatehouse/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { type ChangeEvent, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { accentStyle, Brand } from '../../components/Brand.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useBranding, useSaveBranding } from '../../lib/branding.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';

const HEX = /^#[0-9a-f]{6}$/i;
/** What the colour picker shows while the accent is empty: the wizard's own. */
const DEFAULT_PICKER_COLOUR = '#2457c5';

// The API's rules, checked as the operator types: the same name schema, and the same contrast and logo
// checks (core's checkBranding), so the form says what the API would refuse, with the same fix.
const brandingFormSchema = z
  .object({
    productName: productNameSchema,
    accentColor: z
      .string()
      .refine((value) => value === '' || HEX.test(value), 'Give the colour as #rrggbb, for example #1d4ed8.'),
    logo: z.string().nullable(),
  })
  .superRefine((values, ctx) => {
    if (values.accentColor !== '' && !HEX.test(values.accentColor)) return;
    const { problems } = checkBranding({ accentColor: values.accentColor || null, logo: values.logo });
    for (const problem of problems) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: `${problem.message} ${problem.fix}` });
    }
  });
type BrandingForm = z.input<typeof brandingFormSchema>;

/** /admin/branding: the wizard's product name, accent colour and logo, with a preview of its header. */
export function BrandingPage() {
  const branding = useBranding();
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.branding.title}
      </h1>
      <p>{t.branding.intro}</p>
      {branding.isPending ? (
        <Loading />
      ) : branding.isError ? (
        <ApiErrorMessage error={branding.error} />
      ) : (
        <BrandingEditor saved={branding.data} />
      )}
    </section>
  );
}

function BrandingEditor({ saved }: { saved: Branding }) {
  const ids = { name: useId(), accent: useId(), picker: useId(), logo: useId(), preview: useId() };
  const form = useForm<BrandingForm>({
    resolver: zodResolver(brandingFormSchema),
    mode: 'onChange',
    defaultValues: { productName: saved.productName, accentColor: saved.accentColor ?? '', logo: saved.logo },
  });
  const save = useSaveBranding();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const values = form.watch();
  const errors = form.formState.errors;
  const logoError = errors.logo?.message ?? fileProblem;
  const accentValid = HEX.test(values.accentColor) && !errors.accentColor;
  const preview = {
    name: values.productName.trim() || saved.productName,
    logo: values.logo && !errors.logo ? values.logo : null,
    accentColor: accentValid ? values.accentColor : null,
  };

  const chooseLogo = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setFileProblem(null);
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') form.setValue('logo', reader.result, { shouldValidate: true, shouldDirty: true });
    };
    reader.onerror = () => setFileProblem(t.branding.logoUnreadable);
    reader.readAsDataURL(file);
  };

  const submit = form.handleSubmit((input) => {
    save.mutate(
      { productName: input.productName, accentColor: input.accentColor || null, logo: input.logo, version: saved.version },
      {
        onSuccess: (next) => form.reset({ productName: next.productName, accentColor: next.accentColor ?? '', logo: next.logo }),
      },
    );
  });

  return (
    <div className="branding-layout">
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.name}>{t.branding.nameLabel}</label>
          <input
            id={ids.name}
            autoComplete="off"
            aria-describedby={`${ids.name}-hint`}
            aria-invalid={!!errors.productName}
            {...form.register('productName')}
          />
          <p className="hint" id={`${ids.name}-hint`}>
            {t.branding.nameHint}
          </p>
          {errors.productName ? <p className="field-error">{errors.productName.message}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.accent}>{t.branding.accentLabel}</label>
          <div className="colour-row">
            <input
              id={ids.accent}
              autoComplete="off"
              spellCheck={false}
              placeholder="#1d4ed8"
              aria-describedby={`${ids.accent}-hint`}
              aria-invalid={!!errors.accentColor}
              {...form.register('accentColor')}
            />
            <input
              id={ids.picker}
              type="color"
              aria-label={t.branding.accentPicker}
              value={HEX.test(values.accentColor) ? values.accentColor.toLowerCase() : DEFAULT_PICKER_COLOUR}
              onChange={(e) => form.setValue('accentColor', e.currentTarget.value, { shouldValidate: true, shouldDirty: true })}
            />
          </div>
          <p className="hint" id={`${ids.accent}-hint`}>
            {t.branding.accentHint}
          </p>
          {errors.accentColor ? <p className="field-error">{errors.accentColor.message}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={ids.logo}>{t.branding.logoLabel}</label>
          <input
            id={ids.logo}
            type="file"
            accept={LOGO_MEDIA_TYPES.join(',')}
            aria-describedby={`${ids.logo}-hint`}
            aria-invalid={!!logoError}
            onChange={chooseLogo}
          />
          <p className="hint" id={`${ids.logo}-hint`}>
            {t.branding.logoHint}
          </p>
          {logoError ? <p className="field-error">{logoError}</p> : null}
          {values.logo ? (
            <p>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => form.setValue('logo', null, { shouldValidate: true, shouldDirty: true })}
              >
                {t.branding.removeLogo}
              </button>
            </p>
          ) : (
            <p className="muted">{t.branding.logoNone}</p>
          )}
        </div>
        <ApiErrorMessage error={save.error} />
        {save.isSuccess && !form.formState.isDirty ? (
          <p className="alert alert-success" role="status">
            {t.branding.saved}
          </p>
        ) : null}
        <p>
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t.branding.saving : t.branding.save}
          </button>
        </p>
        {saved.updatedAt ? <p className="muted">{t.branding.lastChanged(formatDateTime(saved.updatedAt))}</p> : null}
      </form>
      <section className="branding-preview" aria-labelledby={ids.preview}>
        <h2 id={ids.preview}>{t.branding.previewTitle}</h2>
        <div className={preview.accentColor ? 'preview-frame branded' : 'preview-frame'} style={accentStyle(preview)}>
          <div className="site-header">
            <Brand brand={preview} />
          </div>
          <div className="preview-body">
            <span className="button">{t.branding.previewButton}</span>
          </div>
        </div>
      </section>
    </div>
  );
}
