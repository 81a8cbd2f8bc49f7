import { Badge, Table, Text } from '@mantine/core';
import type { ImpactSummary } from '@precept/schema';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../lib/format';

/**
 * The elements (lines, items, targets, requirements, levels) that hold under one version and not
 * the other, by id with their titles: how many decisions each newly applies to and no longer does.
 */
export function FlippedElements({
  elements,
  title,
}: {
  elements: ImpactSummary['elements'];
  title: (id: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (elements.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('impact.elementsNone')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped data-testid="flipped-elements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('impact.element')}</Table.Th>
            <Table.Th ta="right">{t('impact.gained')}</Table.Th>
            <Table.Th ta="right">{t('impact.lost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {elements.map((element) => (
            <Table.Tr key={element.id} data-element={element.id}>
              <Table.Td>
                <Text size="sm" span>
                  {title(element.id)}
                </Text>{' '}
                <Badge variant="outline" color="gray" size="xs" tt="none">
                  {element.id}
                </Badge>
              </Table.Td>
              <Table.Td ta="right" c={element.gained > 0 ? 'teal.9' : 'dimmed'}>
                {element.gained > 0 ? `+${format.number(element.gained)}` : '0'}
              </Table.Td>
              <Table.Td ta="right" c={element.lost > 0 ? 'red.9' : 'dimmed'}>
                {element.lost > 0 ? `−${format.number(element.lost)}` : '0'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
