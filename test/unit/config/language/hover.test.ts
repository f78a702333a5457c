// Hover (src/core/config/language/hover.ts): a key's documentation, an enum value's, and on an
// expression what it yields for the first assignment; for an Entra ID config Entra's value and, on
// api.baseUrl / api.region, the aadOptscim062020 Tenant-URL flag.
import assert from 'node:assert/strict';
import { hoverAt } from '../../../../src/core/config/language/hover';
import { example } from '../helpers';

const ENTRA_APP = 'version: 1\napp:\n  name: Flosum\n  identityProvider: entra-id\n';

describe('config language: hover', () => {
  describe('hover on expressions', () => {
    const withPeople = (mapping: string, people = '  - userName: jane@example.com\n    givenName: Jane\n    familyName: Doe\n    profile:\n      department: Sales\n') =>
      `version: 1\napp:\n  name: X\nprovisioning:\n  mappings:\n    ${mapping}\nassignments:\n${people}`;
    // The markdown with its backslash escapes removed (the person's address is escaped so it is not made a mailto: link).
    const hoverOn = (t: string, needle: string, delta = 1) => {
      const h = hoverAt(t, t.indexOf(needle) + delta)!;
      return { ...h, markdown: h.markdown.replace(/\\([^\w\s])/g, '$1') };
    };

    it('a value shows what it evaluates to for the first assignment', () => {
      const t = withPeople('displayName: String.toUpperCase(user.firstName) + " (" + user.department + ")"');
      const h = hoverOn(t, '" ("');
      assert.match(h.markdown, /^\*\*For jane@example\.com:\*\* `"JANE \(Sales\)"`/);
      assert.match(h.markdown, /Optional SCIM `displayName`/, 'the key description follows');
      assert.match(hoverAt(t, t.indexOf('" ("') + 1)!.markdown, /For jane\\@example\\\.com/);
      const again = withPeople('givenName: user.middleName');
      assert.match(hoverOn(again, 'user.middleName', 12).markdown, /`null` \(Okta sends no value\)\n\n- user\.middleName is empty for this person\./);
    });

    it('a function shows its signature and meaning; an attribute its description; both with the evaluation', () => {
      const t = withPeople('familyName: String.substringBefore(user.lastName, " ")');
      const fn = hoverOn(t, 'substringBefore', 3);
      assert.match(fn.markdown, /^```\nString\.substringBefore\(input, searchString\) → String\n```\nWhat precedes the first searchString/);
      assert.equal(t.slice(fn.start, fn.end), 'String.substringBefore');
      assert.match(fn.markdown, /\*\*For jane@example\.com:\*\* `"Doe"`/);
      const attr = hoverOn(t, 'lastName,', 2);
      assert.match(attr.markdown, /^\*\*user\.lastName\*\* \(Okta user attribute\)\n\nFamily name\./);
      assert.equal(t.slice(attr.start, attr.end), 'user.lastName');
    });

    it('no assignments: a sample person, labelled as such; a broken expression: no evaluation', () => {
      const t = 'version: 1\nprovisioning:\n  mappings:\n    email: String.toLowerCase(user.email)\n';
      const h = hoverOn(t, 'user.email', 3);
      assert.match(h.markdown, /For a sample person, jane\.doe@example\.com:\*\* `"jane\.doe@example\.com"`/);
      assert.match(h.markdown, /Add assignments to preview your own people\./);
      const broken = hoverOn('provisioning:\n  mappings:\n    email: user.emial\n', 'emial');
      assert.doesNotMatch(broken.markdown, /For /);
    });

    it("Okta-only values and failures say so instead of guessing", () => {
      assert.match(hoverOn(withPeople(`title: 'isMemberOfGroupName("Admins") ? "Admin" : "User"'`), 'Admins').markdown,
        /Okta decides when it evaluates this: isMemberOfGroupName depends on the user's groups in Okta\./);
      assert.match(hoverOn(withPeople('title: "user.title ? \'a\' : \'b\'"'), 'title ?').markdown, /Okta would fail to evaluate this: the condition is null, not true or false\./);
    });

    it('SAML statements too, with the stand-in id', () => {
      const t = 'saml:\n  attributes:\n    uniqueUserId: user.id\nassignments:\n  - userName: jane@example.com\n';
      assert.match(hoverOn(t, 'user.id', 6).markdown, /\*\*For jane@example\.com:\*\* `"00u[A-Za-z0-9]{17}"`\n\n- user\.id is a stand-in/);
    });
  });

  describe('hoverAt', () => {
    const t = example('flosum-us.scim.yaml');
    it('a key shows its markdownDescription, with the key range', () => {
      const o = t.indexOf('syncPassword') + 3;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /Sync Password/);
      assert.equal(t.slice(h.start, h.end), 'syncPassword');
    });

    it('an enum value shows the value description and the key\'s', () => {
      const o = t.indexOf('region: us') + 'region: '.length;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /^`us`: United States/);
      assert.equal(t.slice(h.start, h.end), 'us');
    });

    it('inside assignments; nothing on comments or unknown keys', () => {
      const o = t.indexOf('timezone: Europe/Berlin') + 2;
      assert.match(hoverAt(t, o)!.markdown, /IANA time zone/);
      assert.equal(hoverAt(t, 3), undefined);
      assert.equal(hoverAt('foo: 1\n', 1), undefined);
      assert.equal(hoverAt('', 0), undefined);
    });
  });

  describe('Entra ID', () => {
    it("hover on a mapping shows Entra's value for the first assignment", () => {
      const text = example('flosum-entra.scim.yaml');
      const tz = text.indexOf('Coalesce([extensionAttribute1]') + 3;
      const h = hoverAt(text, tz);
      assert.match(h?.markdown ?? '', /Coalesce\(source1, source2, …, \[defaultValue\]\) → String/);
      assert.match(h?.markdown ?? '', /\*\*For jane\\@example\\\.com:\*\* `"Europe\/Berlin"`/);
      const display = hoverAt(text, text.indexOf('Join(" ", [givenName]') + 1);
      assert.match(display?.markdown ?? '', /`"Jane Doe"`/);
      const claim = hoverAt(text, text.indexOf('user.givenname') + 2);
      assert.match(claim?.markdown ?? '', /Entra claim source[\s\S]*`"Jane"`/);
    });

    it('hover on api.baseUrl / api.region of an Entra config explains the aadOptscim062020 Tenant-URL flag, with the URL', () => {
      const text = example('flosum-entra.scim.yaml');
      for (const offset of [text.indexOf('region: us') + 2, text.indexOf('region: us') + 9]) {
        const h = hoverAt(text, offset);
        assert.match(h?.markdown ?? '', /\*Tenant URL\*/);
        assert.match(h?.markdown ?? '', /`https:\/\/global-us\.flosum\.app\/api\/v1\/scim\?aadOptscim062020`/);
        assert.match(h?.markdown ?? '', /"active": "False"/);
      }
      const custom = `${ENTRA_APP}api:\n  baseUrl: https://flosum.example.com/api/v1/scim\n`;
      assert.match(hoverAt(custom, custom.indexOf('baseUrl') + 1)?.markdown ?? '', /`https:\/\/flosum\.example\.com\/api\/v1\/scim\?aadOptscim062020`/);
      // With the schema left to the Red Hat YAML extension, the note (which it cannot know) is still ours.
      assert.match(hoverAt(custom, custom.indexOf('baseUrl') + 1, { schema: false })?.markdown ?? '', /aadOptscim062020/);
      // An Okta config has no such note.
      const okta = example('flosum-us.scim.yaml');
      assert.doesNotMatch(hoverAt(okta, okta.indexOf('region: us') + 2)?.markdown ?? '', /aadOptscim062020/);
    });
  });
});
