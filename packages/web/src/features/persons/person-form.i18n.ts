import i18n from '../../i18n/i18n.ts';

/** Strings of the forms that record a person and an identity, in their own namespace. */
const en = {
  newPerson: 'Record a person',
  newPersonTitle: 'Record a person',
  facts: 'Facts that do not identify her or him',
  identity: 'Identity (kept encrypted in the vault)',
  identityOptional: 'Leave empty if it is not known yet.',
  sex: 'Sex',
  ageBand: 'Age group',
  birthYearEstimate: 'Estimated birth year',
  originState: 'State or province of origin',
  originCountry: 'Country of origin (two letters, e.g. IN, BD, NP)',
  languages: 'Languages spoken',
  languagesHint: 'Press Enter after each',
  legalName: 'Legal name',
  aliases: 'Other names and spellings',
  birthDate: 'Exact birth date',
  phones: 'Phone numbers',
  addressLine: 'Address',
  district: 'District',
  state: 'State',
  save: 'Save',
  saved: 'Saved.',
  recordIdentity: 'Record identity',
  editIdentity: 'Edit identity',
  editIdentityTitle: 'Identity of {{pseudonym}}',
  similarTitle: 'Already in Dawn?',
  similarHint:
    'Persons whose recorded names or phones resemble these, by pseudonym. Open one to check before recording a duplicate.',
  similarNone: 'No similar person found.',
  score: 'match {{percent}} %',
  checking: 'Checking…',
  similarHintOpen:
    'Persons whose recorded names or phones resemble these, by pseudonym. If she is one of them, open the case for her instead of recording her twice.',
  openCaseFor: 'Open the case for {{pseudonym}}',
};

type Strings = typeof en;

const bn: Strings = {
  newPerson: 'নতুন ব্যক্তি লিখুন',
  newPersonTitle: 'নতুন ব্যক্তি লিখুন',
  facts: 'যে তথ্যে তাঁকে চেনা যায় না',
  identity: 'পরিচয় (ভল্টে এনক্রিপ্ট করে রাখা)',
  identityOptional: 'এখনও জানা না থাকলে ফাঁকা রাখুন।',
  sex: 'লিঙ্গ',
  ageBand: 'বয়সের দল',
  birthYearEstimate: 'আনুমানিক জন্মবর্ষ',
  originState: 'মূল রাজ্য বা প্রদেশ',
  originCountry: 'মূল দেশ (দুই অক্ষরে, যেমন IN, BD, NP)',
  languages: 'যে ভাষায় কথা বলেন',
  languagesHint: 'প্রতিটির পরে এন্টার টিপুন',
  legalName: 'আইনি নাম',
  aliases: 'অন্য নাম ও বানান',
  birthDate: 'সঠিক জন্মতারিখ',
  phones: 'ফোন নম্বর',
  addressLine: 'ঠিকানা',
  district: 'জেলা',
  state: 'রাজ্য',
  save: 'সংরক্ষণ করুন',
  saved: 'সংরক্ষিত।',
  recordIdentity: 'পরিচয় লিখুন',
  editIdentity: 'পরিচয় বদলান',
  editIdentityTitle: '{{pseudonym}}-এর পরিচয়',
  similarTitle: 'আগেই Dawn-এ আছেন?',
  similarHint: 'যাঁদের লেখা নাম বা ফোন এগুলির মতো, তাঁদের ছদ্মনাম। নতুন করে লেখার আগে খুলে দেখে নিন।',
  similarNone: 'মিল পাওয়া যায়নি।',
  score: 'মিল {{percent}} %',
  checking: 'দেখা হচ্ছে…',
  similarHintOpen:
    'যাঁদের লেখা নাম বা ফোন এগুলির মতো, তাঁদের ছদ্মনাম। তিনি এঁদের একজন হলে তাঁকে আবার না লিখে তাঁর জন্যই কেস খুলুন।',
  openCaseFor: '{{pseudonym}}-এর জন্য কেস খুলুন',
};

const hi: Strings = {
  newPerson: 'नया व्यक्ति दर्ज करें',
  newPersonTitle: 'नया व्यक्ति दर्ज करें',
  facts: 'वे तथ्य जिनसे पहचान नहीं होती',
  identity: 'पहचान (वॉल्ट में एन्क्रिप्ट करके रखी जाती है)',
  identityOptional: 'अभी पता न हो तो खाली छोड़ें।',
  sex: 'लिंग',
  ageBand: 'आयु वर्ग',
  birthYearEstimate: 'अनुमानित जन्म वर्ष',
  originState: 'मूल राज्य या प्रांत',
  originCountry: 'मूल देश (दो अक्षर, जैसे IN, BD, NP)',
  languages: 'बोली जाने वाली भाषाएँ',
  languagesHint: 'हर एक के बाद एंटर दबाएँ',
  legalName: 'क़ानूनी नाम',
  aliases: 'दूसरे नाम और वर्तनी',
  birthDate: 'सटीक जन्म तिथि',
  phones: 'फ़ोन नंबर',
  addressLine: 'पता',
  district: 'ज़िला',
  state: 'राज्य',
  save: 'सहेजें',
  saved: 'सहेजा गया।',
  recordIdentity: 'पहचान दर्ज करें',
  editIdentity: 'पहचान बदलें',
  editIdentityTitle: '{{pseudonym}} की पहचान',
  similarTitle: 'पहले से Dawn में?',
  similarHint: 'जिनके दर्ज नाम या फ़ोन इनसे मिलते-जुलते हैं, उनके छद्मनाम। दोबारा दर्ज करने से पहले खोलकर देख लें।',
  similarNone: 'कोई मिलता-जुलता व्यक्ति नहीं मिला।',
  score: 'मेल {{percent}} %',
  checking: 'जाँच हो रही है…',
  similarHintOpen:
    'जिनके दर्ज नाम या फ़ोन इनसे मिलते-जुलते हैं, उनके छद्मनाम। अगर वे इनमें से एक हैं, तो उन्हें दोबारा दर्ज करने के बजाय उन्हीं के लिए केस खोलें।',
  openCaseFor: '{{pseudonym}} के लिए केस खोलें',
};

export const PERSON_FORM_NAMESPACE = 'personForm';

i18n.addResourceBundle('en', PERSON_FORM_NAMESPACE, en);
i18n.addResourceBundle('bn', PERSON_FORM_NAMESPACE, bn);
i18n.addResourceBundle('hi', PERSON_FORM_NAMESPACE, hi);
