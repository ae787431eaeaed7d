/**
 * Passwords of 8 or more characters that lead the published leaked-password lists
 * (SecLists' top lists, NCSC's 100k list), lower-cased, plus local variants. Short ones
 * are left out: the length rule already refuses them.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '0123456789', '01234567', '87654321', '987654321',
  '11111111', '111111111', '1111111111', '00000000', '000000000', '0000000000', '88888888', '66666666',
  '99999999', '12121212', '11223344', '12344321', '123123123', '123321123', '147258369', '123654789',
  '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx', '1qazxsw2', 'qwertyui', 'qwertyuiop', 'qwerty123',
  'qwerty12', 'qwerty1234', 'asdfghjkl', 'asdfghjk', 'zxcvbnm1', 'zxcvbnm123', 'qazwsxedc', 'abcd1234',
  'abc12345', 'abcdefgh', 'abcdefg1', 'a1b2c3d4', 'aa123456', 'password', 'password1', 'password12',
  'password123', 'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass1234', 'passpass', 'iloveyou',
  'iloveyou1', 'iloveyou2', 'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123',
  'trustno1', 'superman', 'starwars', 'whatever', 'computer', 'michelle', 'jennifer', 'corvette',
  'mercedes', 'mustang1', 'liverpool', 'chelsea1', 'arsenal1', 'internet', 'letmein1', 'changeme',
  'admin123', 'administrator', 'root1234', 'secret123', 'master12', 'football1', 'shadow12', 'monkey12',
  'dragon12', 'charlie1', 'michael1', 'jordan23', 'freedom1', 'qwer1234', 'asdf1234', 'zxcv1234',
  'asdfasdf', 'qweqweqwe', 'aaaaaaaa', 'abcabcabc', 'loveyou1', 'lovelove', 'babygirl', 'butterfly',
  'elephant', 'samsung1', 'google123', 'facebook', 'cambodia', 'cambodia1', 'cambodia123', 'kampuchea',
  'phnompenh', 'angkorwat', 'khmer123', 'khmer1234', 'psar1234', 'psarpsar', 'password2024', 'password2025',
]);
