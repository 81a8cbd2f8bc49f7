import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCopy, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Props of {@link ItemToolbar}. */
export interface ItemToolbarProps {
  /** Names the item in the buttons' accessible labels: "上移 客户投诉". */
  name: string;
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  onDuplicate?: (() => void) | undefined;
  onRemove?: (() => void) | undefined;
  removeLabel?: string;
}

/** Move up / down, duplicate and remove buttons for an item of a list, each labelled for screen readers. */
export function ItemToolbar({
  name,
  onMoveUp,
  onMoveDown,
  onDuplicate,
  onRemove,
  removeLabel,
}: ItemToolbarProps) {
  const { t } = useTranslation();
  const button = (label: string, icon: ReactNode, onClick: (() => void) | undefined, color = 'gray') => (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color={color}
        aria-label={`${label} ${name}`}
        disabled={!onClick}
        onClick={(event) => {
          event.stopPropagation();
          onClick?.();
        }}
      >
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  return (
    <Group gap={2} wrap="nowrap">
      {button(t('common.moveUp'), <IconArrowUp size={16} />, onMoveUp)}
      {button(t('common.moveDown'), <IconArrowDown size={16} />, onMoveDown)}
      {onDuplicate && button(t('common.duplicate'), <IconCopy size={16} />, onDuplicate)}
      {onRemove && button(removeLabel ?? t('common.delete'), <IconTrash size={16} />, onRemove, 'red')}
    </Group>
  );
}
