-- a copy of the database signs nothing in the organisation's name
DELETE FROM ir_attachment
 WHERE res_model = 'res.company' AND res_field = 'casework_cer_sign_certificate';
UPDATE res_company
   SET casework_cer_sign_password = NULL;
