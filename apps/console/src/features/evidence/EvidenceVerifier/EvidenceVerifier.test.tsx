import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { EvidenceVerifier, type EvidenceVerificationResult } from './EvidenceVerifier';

const jsonFile = (text: string, name = 'package.json') =>
  new File([text], name, { type: 'application/json' });
const fileInputs = () => [...document.querySelectorAll<HTMLInputElement>('input[type=file]')];

describe('EvidenceVerifier', () => {
  it('sends the package it reads, and the key to trust when one is chosen', async () => {
    const onVerify = vi.fn();
    const { user } = renderWithProviders(
      <EvidenceVerifier onVerify={onVerify} pending={false} result={undefined} />,
      {
        language: 'en',
      },
    );
    const verify = screen.getByRole('button', { name: 'Verify' });
    expect(verify).toBeDisabled();
    await user.upload(fileInputs()[0]!, jsonFile('{"rows": [], "sha256": "x"}'));
    await user.click(verify);
    expect(onVerify).toHaveBeenLastCalledWith({ evidence: { rows: [], sha256: 'x' } });
    await user.upload(
      fileInputs()[1]!,
      new File(['-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----\n'], 'key.pem'),
    );
    await user.click(verify);
    expect(onVerify).toHaveBeenLastCalledWith({
      evidence: { rows: [], sha256: 'x' },
      publicKey: '-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----',
    });
  });

  it('says what is wrong with a file that is not a package, and sends nothing', async () => {
    const onVerify = vi.fn();
    const { user } = renderWithProviders(
      <EvidenceVerifier onVerify={onVerify} pending={false} result={undefined} />,
    );
    await user.upload(fileInputs()[0]!, jsonFile('{"rows": ['));
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('这个文件不是有效的 JSON');
    await user.upload(fileInputs()[0]!, jsonFile('[1, 2]'));
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByText('这个文件不是证据包：应为一个 JSON 对象。')).toBeInTheDocument();
    expect(onVerify).not.toHaveBeenCalled();
  });

  it('shows each check with its finding, and whether the package holds', () => {
    const result: EvidenceVerificationResult = {
      ok: false,
      keyId: '45182f53358aa4eb',
      checks: [
        { name: 'shape', ok: true, detail: '76 rows' },
        { name: 'rows-hash', ok: false, detail: 'the rows hash to abc, the package says def' },
        { name: 'key', ok: true, detail: 'signed by the trusted key 45182f53358aa4eb' },
        { name: 'signature', ok: false, detail: 'the signature does not match the package' },
      ],
    };
    renderWithProviders(<EvidenceVerifier onVerify={() => {}} pending={false} result={result} />, {
      language: 'en',
    });
    expect(screen.getByText('The package fails verification')).toBeInTheDocument();
    expect(screen.getByText('Signing key: 45182f53358aa4eb')).toBeInTheDocument();
    const rows = [...document.querySelectorAll('[data-check]')].map((row) => [
      row.getAttribute('data-check'),
      row.getAttribute('data-ok'),
      row.textContent,
    ]);
    expect(rows).toEqual([
      ['shape', 'true', 'ShapePass76 rows'],
      ['rows-hash', 'false', 'Rows hashFailthe rows hash to abc, the package says def'],
      ['key', 'true', 'Signing keyPasssigned by the trusted key 45182f53358aa4eb'],
      ['signature', 'false', 'SignatureFailthe signature does not match the package'],
    ]);
  });
});
