// the browser tours of casework_offers
