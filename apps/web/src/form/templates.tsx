import type { IconButtonProps } from '@rjsf/utils';

/**
 * rjsf's array buttons draw Bootstrap glyph icons, which this page does not load: these say what they
 * do in words (their accessible name is the same text).
 */
function textButton(fallback: string) {
  return function TextButton(props: IconButtonProps) {
    const { iconType: _iconType, icon: _icon, className: _className, uiSchema: _uiSchema, registry: _registry, title, ...rest } = props;
    return (
      <button type="button" className="small" {...rest}>
        {title ?? fallback}
      </button>
    );
  };
}

export const BUTTON_TEMPLATES = {
  AddButton: textButton('Add item'),
  CopyButton: textButton('Copy'),
  MoveDownButton: textButton('Move down'),
  MoveUpButton: textButton('Move up'),
  RemoveButton: textButton('Remove'),
};

const ACRONYMS = new Set(['url', 'id', 'ids', 'dm', 'mb', 'api', 'http', 'https', 'ssl', 'tls', 'uri', 'sid', 'jid', 'ttl']);

// The console's own inputs are "Name" and "Type": config fields of those names get a longer label.
const TAKEN_LABELS: Readonly<Record<string, string>> = { Name: 'Account name', Type: 'Kind' };

/** A label for a field the schema gives no title: `webhookUrl` -> `Webhook URL`. */
export function fieldLabel(key: string): string {
  const label = wordsOf(key);
  return TAKEN_LABELS[label] ?? label;
}

function wordsOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  const label = words.join(' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}
