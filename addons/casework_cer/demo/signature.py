"""The demo's signature by SMS code (``post_init_hook``, after the demo
contracts): a self-signed certificate for the organisation when it has none,
and one contract in proposition agreed by its person, the code typed by its
référent as if read from the SMS (no SMS is sent), so that the demo has a
signed letter to download and verify."""

DEMO_PASSWORD = "casework-demo"


def generate(env, contracts):
    """Sign the first contract of ``contracts`` in proposition whose dossier
    has a mobile number, as its référent de parcours.

    :return: the signature (``casework.contract.signature``), or an empty
        recordset when no contract fits
    """
    Signature = env["casework.contract.signature"]
    company = env.company
    if not company.sudo().casework_cer_sign_certificate:
        company._casework_cer_set_test_certificate(DEMO_PASSWORD)
    for contract in contracts.filtered(lambda c: c.state == "proposition"):
        referent = contract.beneficiary_id.referent_id
        if not referent or not Signature._casework_mobile_number(contract.beneficiary_id):
            continue
        contract = contract.with_user(referent)
        signature, __, code = Signature.with_user(referent)._casework_prepare(contract)
        refusal = signature._casework_verify(code=code)
        if refusal:
            raise ValueError(refusal)
        return signature.sudo()
    return Signature

