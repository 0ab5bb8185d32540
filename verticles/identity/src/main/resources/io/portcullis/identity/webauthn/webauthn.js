/*
 * Portcullis' WebAuthn and passkey helpers, served at /.well-known/ory/webauthn.js. They offer the global functions
 * Kratos' ui nodes name in onclickTrigger / onloadTrigger (window.oryWebAuthnLogin, ...): each reads the options
 * the server put on the form, runs navigator.credentials.create/get, writes the result as JSON (binary fields in
 * base64url) into the form's hidden input and submits the form.
 */
;(function () {
  "use strict"
  if (window.__portcullisWebAuthn) {
    return
  }
  window.__portcullisWebAuthn = true

  function fromB64url(s) {
    var b64 = String(s).replace(/-/g, "+").replace(/_/g, "/")
    while (b64.length % 4) {
      b64 += "="
    }
    var bin = atob(b64)
    var out = new Uint8Array(bin.length)
    for (var i = 0; i < bin.length; i++) {
      out[i] = bin.charCodeAt(i)
    }
    return out.buffer
  }

  function toB64url(buf) {
    if (!buf) {
      return ""
    }
    var bytes = new Uint8Array(buf)
    var bin = ""
    for (var i = 0; i < bytes.length; i++) {
      bin += String.fromCharCode(bytes[i])
    }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
  }

  function field(name) {
    return document.querySelector('[name="' + name + '"]')
  }

  function supported() {
    if (!window.PublicKeyCredential) {
      console.error("This browser does not support WebAuthn")
      return false
    }
    return true
  }

  // Options arrive as JSON text or as an object; buffers are base64url strings.
  function decodeOptions(options) {
    var o = typeof options === "string" ? JSON.parse(options) : JSON.parse(JSON.stringify(options))
    var pk = o.publicKey
    pk.challenge = fromB64url(pk.challenge)
    if (pk.user && pk.user.id) {
      pk.user.id = fromB64url(pk.user.id)
    }
    ;["allowCredentials", "excludeCredentials"].forEach(function (k) {
      if (pk[k]) {
        pk[k] = pk[k].map(function (c) {
          return Object.assign({}, c, { id: fromB64url(c.id) })
        })
      }
    })
    return o
  }

  function created(credential) {
    return JSON.stringify({
      id: credential.id,
      rawId: toB64url(credential.rawId),
      type: credential.type,
      response: {
        attestationObject: toB64url(credential.response.attestationObject),
        clientDataJSON: toB64url(credential.response.clientDataJSON),
      },
    })
  }

  function asserted(credential) {
    return JSON.stringify({
      id: credential.id,
      rawId: toB64url(credential.rawId),
      type: credential.type,
      response: {
        authenticatorData: toB64url(credential.response.authenticatorData),
        clientDataJSON: toB64url(credential.response.clientDataJSON),
        signature: toB64url(credential.response.signature),
        userHandle: toB64url(credential.response.userHandle),
      },
    })
  }

  // Writes the result and submits the form of the result input.
  function submit(resultName, value) {
    var el = field(resultName)
    el.value = value
    var form = el.closest("form")
    if (form.requestSubmit) {
      form.requestSubmit()
    } else {
      form.submit()
    }
  }

  function optionsOf(given, fieldName) {
    if (given) {
      return given
    }
    var el = field(fieldName)
    return el && el.value ? el.value : null
  }

  function register(options, resultName, triggerName) {
    if (!supported()) {
      return
    }
    var opt = optionsOf(options, triggerName)
    if (!opt) {
      console.error("no registration options in the form")
      return
    }
    navigator.credentials.create(decodeOptions(opt)).then(function (c) {
      submit(resultName, created(c))
    }).catch(function (e) {
      console.error(e)
    })
  }

  function login(options, resultName, triggerName, mediation) {
    if (!supported()) {
      return Promise.resolve()
    }
    var opt = optionsOf(options, triggerName)
    if (!opt) {
      console.error("no login options in the form")
      return Promise.resolve()
    }
    var decoded = decodeOptions(opt)
    if (mediation) {
      decoded.mediation = mediation
      window.__portcullisPasskeyAbort = new AbortController()
      decoded.signal = window.__portcullisPasskeyAbort.signal
    } else if (window.__portcullisPasskeyAbort) {
      window.__portcullisPasskeyAbort.abort("a passkey was asked for explicitly")
      window.__portcullisPasskeyAbort = undefined
    }
    return navigator.credentials.get(decoded).then(function (c) {
      submit(resultName, asserted(c))
    }).catch(function (e) {
      if (!mediation) {
        console.error(e)
      }
    })
  }

  window.oryWebAuthnRegistration = function (options) {
    register(options, "webauthn_register", "webauthn_register_trigger")
  }
  window.oryWebAuthnLogin = function (options) {
    login(options, "webauthn_login", "webauthn_login_trigger")
  }
  window.oryPasskeyLogin = function () {
    login(null, "passkey_login", "passkey_challenge")
  }
  // Conditional UI: offers the passkeys in the identifier field's autofill where the browser can.
  window.oryPasskeyLoginAutocompleteInit = function () {
    if (!window.PublicKeyCredential || !PublicKeyCredential.isConditionalMediationAvailable) {
      return
    }
    PublicKeyCredential.isConditionalMediationAvailable().then(function (ok) {
      if (ok) {
        login(null, "passkey_login", "passkey_challenge", "conditional")
      }
    })
  }
  // Registration forms carry {credentialOptions, displayNameFieldName}: the user's name comes from that field.
  window.oryPasskeyRegistration = function () {
    var data = field("passkey_create_data")
    if (!data || !data.value) {
      console.error("no registration options in the form")
      return
    }
    var d = JSON.parse(data.value)
    var opt = d.credentialOptions || d
    var nameEl = d.displayNameFieldName ? field(d.displayNameFieldName) : null
    if (nameEl && nameEl.value && opt.publicKey.user) {
      opt.publicKey.user.name = nameEl.value
      opt.publicKey.user.displayName = nameEl.value
    }
    register(opt, "passkey_register", "passkey_create_data")
  }
  window.oryPasskeySettingsRegistration = function () {
    register(null, "passkey_settings_register", "passkey_create_data")
  }

  // Pages that allow no inline script name the functions in data attributes instead of onclick / onload.
  function bind() {
    document.querySelectorAll("[data-ory-trigger]").forEach(function (el) {
      el.addEventListener("click", function (e) {
        e.preventDefault()
        var fn = window[el.getAttribute("data-ory-trigger")]
        if (typeof fn === "function") {
          fn()
        }
      })
    })
    document.querySelectorAll("[data-ory-onload]").forEach(function (el) {
      var fn = window[el.getAttribute("data-ory-onload")]
      if (typeof fn === "function") {
        fn()
      }
    })
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind)
  } else {
    bind()
  }
})()
