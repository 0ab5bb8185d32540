/**
 * Passwords as Kratos handles them: {@link io.portcullis.identity.password.PasswordHasher} writes and verifies the
 * {@code hashed_password} formats (argon2id/bcrypt written; argon2, bcrypt, pbkdf2 and salted SHA verified),
 * {@link io.portcullis.identity.password.PasswordPolicy} applies Kratos' validator with its exact UI messages, and
 * {@link io.portcullis.identity.password.PasswordService} runs the CPU-heavy work on a bounded worker pool so event
 * loops never hash.
 *
 * <p>Not implemented: the haveibeenpwned breach lookup (needs network), and verification of Kratos' legacy import
 * formats scrypt, firescrypt, md5/sha crypt(3), {@code $sha*$}/{@code $md5$} salt patterns and {@code $hmac-*$}; those
 * are recognized and refused with a reason naming the format.
 */
package io.portcullis.identity.password;
