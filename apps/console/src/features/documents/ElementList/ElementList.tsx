import { Accordion, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { IssueBadge } from '../IssueBadge/IssueBadge';
import { ItemToolbar } from '../ItemToolbar/ItemToolbar';
import classes from './ElementList.module.css';
import { insertAfter, moveItem, removeAt } from '../list-ops';

/** Props of {@link ElementList}. */
export interface ElementListProps<T> {
  items: readonly T[];
  onChange: (items: T[]) => void;
  /** JSON path of the list: `$.targets`; item `i` is at `${path}[i]`. */
  path: string;
  /** Open items, by index key `item-${i}` (controlled so "add" can open the new item). */
  open: string[];
  onOpenChange: (open: string[]) => void;
  title: (item: T) => string;
  /** One dimmed line under the title: what the item does, in words. */
  summary?: (item: T) => ReactNode;
  /** Badges beside the title. */
  badges?: (item: T) => ReactNode;
  editor: (item: T, index: number, path: string) => ReactNode;
  testId?: (item: T) => string;
  /** A copy with a fresh id, or undefined to offer no duplicate button. */
  duplicate?: ((item: T, items: readonly T[]) => T) | undefined;
  /** Fewest items the list may keep (the schema's `min`). */
  minItems?: number;
  removeLabel: string;
  readOnly?: boolean | undefined;
}

/**
 * A list of document elements (targets, items, levels, rules) as an accordion: a one-line summary
 * and issue badge per element, its editor inside, and move / duplicate / remove beside it.
 * Editors mount only while open, which keeps long documents fast.
 */
export function ElementList<T>({
  items,
  onChange,
  path,
  open,
  onOpenChange,
  title,
  summary,
  badges,
  editor,
  testId,
  duplicate,
  minItems = 1,
  removeLabel,
  readOnly,
}: ElementListProps<T>) {
  return (
    <Accordion multiple value={open} onChange={onOpenChange} variant="separated" chevronPosition="left">
      {items.map((item, index) => {
        const itemPath = `${path}[${index}]`;
        const name = title(item);
        return (
          <Accordion.Item key={index} value={`item-${index}`} data-testid={testId?.(item)}>
            <Group wrap="nowrap" gap="xs" pr="xs" className={classes.head}>
              <Accordion.Control className={classes.control}>
                <Text size="sm" fw={500} truncate component="span">
                  {name}
                </Text>
              </Accordion.Control>
              <Group gap={6} wrap="nowrap" className={classes.badges}>
                {badges?.(item)}
                <IssueBadge path={itemPath} />
              </Group>
              {!readOnly && (
                <ItemToolbar
                  name={name}
                  onMoveUp={index > 0 ? () => onChange(moveItem(items, index, index - 1)) : undefined}
                  onMoveDown={
                    index < items.length - 1 ? () => onChange(moveItem(items, index, index + 1)) : undefined
                  }
                  onDuplicate={
                    duplicate ? () => onChange(insertAfter(items, index, duplicate(item, items))) : undefined
                  }
                  onRemove={items.length > minItems ? () => onChange(removeAt(items, index)) : undefined}
                  removeLabel={removeLabel}
                />
              )}
            </Group>
            {summary && !open.includes(`item-${index}`) && (
              <Text size="xs" c="dimmed" truncate component="div" className={classes.summary}>
                {summary(item)}
              </Text>
            )}
            <Accordion.Panel>
              {open.includes(`item-${index}`) && editor(item, index, itemPath)}
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
