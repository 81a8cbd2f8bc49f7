import { Badge, Tabs } from '@mantine/core';
import { PolicyDocumentSchema, type Issue, type PolicyDocument, type Subject } from '@precept/schema';
import { IconBraces, IconFileText, IconForms } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFromZod } from '../../../lib/errors';
import { IssuesProvider } from '../../errors/IssuesProvider/IssuesProvider';
import { ChecklistEditor } from '../ChecklistEditor/ChecklistEditor';
import { DocumentText } from '../DocumentText/DocumentText';
import { EscalationEditor } from '../EscalationEditor/EscalationEditor';
import { JsonView } from '../JsonView/JsonView';
import { QualificationEditor } from '../QualificationEditor/QualificationEditor';
import { RulesetEditor } from '../RulesetEditor/RulesetEditor';
import { ScorecardEditor } from '../ScorecardEditor/ScorecardEditor';
import { StandardEditor } from '../StandardEditor/StandardEditor';

/** Props of {@link DocumentEditor}. */
export interface DocumentEditorProps {
  document: PolicyDocument;
  onChange: (document: PolicyDocument) => void;
  subject: Subject;
  /** Issues from the server (validation against the subject), shown at their fields beside local ones. */
  issues?: readonly Issue[];
  readOnly?: boolean;
}

/** The structural issues of a document (shape, ranges, ids), found in the browser before saving. */
export function localIssues(document: PolicyDocument): Issue[] {
  const result = PolicyDocumentSchema.safeParse(document);
  return result.success ? [] : issuesFromZod(result.error);
}

/** The form of a document's kind. */
export function KindForm({ document, onChange, subject, readOnly }: Omit<DocumentEditorProps, 'issues'>) {
  switch (document.kind) {
    case 'scorecard':
      return <ScorecardEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />;
    case 'checklist':
      return <ChecklistEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />;
    case 'standard':
      return <StandardEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />;
    case 'qualification':
      return (
        <QualificationEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />
      );
    case 'escalation':
      return <EscalationEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />;
    case 'ruleset':
      return <RulesetEditor value={document} onChange={onChange} subject={subject} readOnly={readOnly} />;
  }
}

/**
 * A policy document in three views: the form of its kind, a readable text preview, and JSON for
 * power users. Local structural issues and the server's issues are shown at the fields they name.
 */
export function DocumentEditor({ document, onChange, subject, issues = [], readOnly }: DocumentEditorProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('form');
  const local = useMemo(() => localIssues(document), [document]);
  const all = useMemo(() => {
    const seen = new Set(local.map((i) => `${i.path}\u0000${i.message}`));
    return [...local, ...issues.filter((i) => !seen.has(`${i.path}\u0000${i.message}`))];
  }, [local, issues]);
  return (
    <IssuesProvider issues={all}>
      <Tabs value={tab} onChange={setTab} keepMounted={false} variant="outline">
        <Tabs.List mb="md">
          <Tabs.Tab
            value="form"
            leftSection={<IconForms size={16} />}
            rightSection={
              all.length > 0 ? (
                <Badge size="xs" color="red" variant="filled">
                  {all.length}
                </Badge>
              ) : undefined
            }
          >
            {t('editor.form')}
          </Tabs.Tab>
          <Tabs.Tab value="text" leftSection={<IconFileText size={16} />}>
            {t('editor.text')}
          </Tabs.Tab>
          <Tabs.Tab value="json" leftSection={<IconBraces size={16} />}>
            {t('editor.json')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form">
          <KindForm document={document} onChange={onChange} subject={subject} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="text">
          <DocumentText document={document} subject={subject} />
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <JsonView
            value={document}
            readOnly={readOnly}
            onApply={(next) => {
              onChange(next);
              setTab('form');
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </IssuesProvider>
  );
}
